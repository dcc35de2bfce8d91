package se.peppolgw.ap.reporting;

import com.helger.peppolid.peppol.doctype.EPredefinedDocumentTypeIdentifier;
import com.helger.peppolid.peppol.process.EPredefinedProcessIdentifier;

/**
 * The two monthly reports, with the document type under which each is sent to OpenPeppol (fixed
 * by the Peppol Reporting specification; taken from peppol-commons' predefined code lists).
 */
public enum ReportKind {
  TSR(EPredefinedDocumentTypeIdentifier
      .TRANSACTIONSTATISTICSREPORT_FDC_PEPPOL_EU_EDEC_TRNS_TRANSACTION_STATISTICS_REPORTING_1_0),
  EUSR(EPredefinedDocumentTypeIdentifier
      .ENDUSERSTATISTICSREPORT_FDC_PEPPOL_EU_EDEC_TRNS_END_USER_STATISTICS_REPORT_1_1);

  /** The process of both reports: urn:fdc:peppol.eu:edec:bis:reporting:1.0. */
  public static final EPredefinedProcessIdentifier PROCESS =
      EPredefinedProcessIdentifier.urn_fdc_peppol_eu_edec_bis_reporting_1_0;

  private final EPredefinedDocumentTypeIdentifier documentType;

  ReportKind(EPredefinedDocumentTypeIdentifier documentType) {
    this.documentType = documentType;
  }

  /** The document type identifier value (scheme busdox-docid-qns). */
  public String documentTypeValue() {
    return documentType.getValue();
  }

  public String lower() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
