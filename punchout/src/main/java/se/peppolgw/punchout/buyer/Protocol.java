package se.peppolgw.punchout.buyer;

public enum Protocol {
  OCI, CXML, PEPPOL
}
