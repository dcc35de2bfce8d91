package se.peppolgw.smp;

/** Identifiers used across the tests (real Peppol BIS 3 ids). */
final class TestIds {
  private TestIds() {
  }

  static final String INVOICE = "busdox-docid-qns::urn:oasis:names:specification:ubl:schema:xsd:Invoice-2::Invoice"
      + "##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1";
  static final String ORDER = "busdox-docid-qns::urn:oasis:names:specification:ubl:schema:xsd:Order-2::Order"
      + "##urn:fdc:peppol.eu:poacc:trns:order:3::2.1";
  static final String BILLING = "cenbii-procid-ubl::urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";
  static final String ORDERING = "cenbii-procid-ubl::urn:fdc:peppol.eu:poacc:bis:ordering:3";

  static String participant(String suffix) {
    return "iso6523-actorid-upis::0007:" + suffix;
  }
}
