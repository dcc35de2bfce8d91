package se.peppolgw.ap.reporting;

import com.helger.diagnostics.error.level.EErrorLevel;
import com.helger.peppol.reporting.api.CPeppolReporting;
import com.helger.peppol.reporting.api.EReportingDirection;
import com.helger.peppol.reporting.api.PeppolReportingItem;
import com.helger.peppol.reporting.eusr.EndUserStatisticsReport;
import com.helger.peppol.reporting.eusr.EndUserStatisticsReportValidator;
import com.helger.peppol.reporting.jaxb.eusr.EndUserStatisticsReport110Marshaller;
import com.helger.peppol.reporting.jaxb.eusr.v110.EndUserStatisticsReportType;
import com.helger.peppol.reporting.jaxb.tsr.TransactionStatisticsReport101Marshaller;
import com.helger.peppol.reporting.jaxb.tsr.v101.TransactionStatisticsReportType;
import com.helger.peppol.reporting.tsr.TransactionStatisticsReport;
import com.helger.peppol.reporting.tsr.TransactionStatisticsReportValidator;
import com.helger.schematron.ISchematronResource;
import com.helger.schematron.svrl.AbstractSVRLMessage;
import com.helger.schematron.svrl.SVRLHelper;
import com.helger.schematron.svrl.jaxb.SchematronOutputType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.xml.transform.stream.StreamSource;
import se.peppolgw.ap.store.ReportingStore;

/**
 * Builds the TSR and EUSR of a month with the peppol-reporting library and validates each with
 * the XML Schema and the official Schematron the library carries. A month without traffic gives
 * valid zero reports.
 */
public final class MonthlyReportBuilder {
  private final String ownSeatId;

  /** @param ownSeatId our seat id (the CN of our AP certificate), the reporting service provider */
  public MonthlyReportBuilder(String ownSeatId) {
    this.ownSeatId = ownSeatId;
  }

  /** One built report: its XML (null when it could not even be written) and what failed. */
  public record Built(ReportKind kind, String xml, int itemCount, List<String> problems) {
    public boolean valid() {
      return xml != null && problems.isEmpty();
    }
  }

  public Built buildTsr(ReportingPeriod period, List<ReportingStore.Item> items) {
    List<PeppolReportingItem> li = toLibraryItems(items);
    TransactionStatisticsReportType tsr =
        TransactionStatisticsReport.builder()
            .monthOf(period.month())
            .reportingServiceProviderID(ownSeatId)
            .reportingItemList(li)
            .build();
    List<String> problems = new ArrayList<>();
    byte[] xml =
        new TransactionStatisticsReport101Marshaller()
            .setFormattedOutput(true)
            .setValidationEventHandler(e -> problems.add("XML Schema: " + e.getMessage()) || true)
            .getAsBytes(tsr);
    return finish(ReportKind.TSR, xml, li.size(), problems,
        TransactionStatisticsReportValidator.getSchematronTSR_1());
  }

  public Built buildEusr(ReportingPeriod period, List<ReportingStore.Item> items) {
    List<PeppolReportingItem> li = toLibraryItems(items);
    EndUserStatisticsReportType eusr =
        EndUserStatisticsReport.builder()
            .monthOf(period.month())
            .reportingServiceProviderID(ownSeatId)
            .reportingItemList(li)
            .build();
    List<String> problems = new ArrayList<>();
    byte[] xml =
        new EndUserStatisticsReport110Marshaller()
            .setFormattedOutput(true)
            .setValidationEventHandler(e -> problems.add("XML Schema: " + e.getMessage()) || true)
            .getAsBytes(eusr);
    return finish(ReportKind.EUSR, xml, li.size(), problems,
        EndUserStatisticsReportValidator.getSchematronEUSR_1());
  }

  private static Built finish(
      ReportKind kind, byte[] xml, int count, List<String> problems, ISchematronResource sch) {
    if (xml == null) {
      if (problems.isEmpty()) {
        problems.add("the report could not be written as XML");
      }
      return new Built(kind, null, count, List.copyOf(problems));
    }
    problems.addAll(schematronErrors(sch, xml));
    return new Built(kind, new String(xml, StandardCharsets.UTF_8), count, List.copyOf(problems));
  }

  /** The failed assertions of error level and above (warnings do not stop a report). */
  static List<String> schematronErrors(ISchematronResource sch, byte[] xml) {
    List<String> out = new ArrayList<>();
    try {
      SchematronOutputType svrl =
          sch.applySchematronValidationToSVRL(new StreamSource(new ByteArrayInputStream(xml)));
      if (svrl == null) {
        out.add("Schematron: the validation produced no result");
        return out;
      }
      for (AbstractSVRLMessage m : SVRLHelper.getAllFailedAssertionsAndSuccessfulReports(svrl)) {
        if (m.getFlag().isGE(EErrorLevel.ERROR)) {
          out.add("Schematron " + (m.getID() == null ? "" : m.getID() + " ") + m.getText().trim()
              + " at " + m.getLocation());
        }
      }
    } catch (Exception e) {
      out.add("Schematron: validation could not run: " + e.getMessage());
    }
    return out;
  }

  /** Our rows in the library's form: C2/C3 from the direction, ZZ for an unknown country. */
  List<PeppolReportingItem> toLibraryItems(List<ReportingStore.Item> items) {
    List<PeppolReportingItem> out = new ArrayList<>(items.size());
    for (ReportingStore.Item i : items) {
      boolean sending = i.isSending();
      out.add(
          PeppolReportingItem.builder()
              .exchangeDateTime(i.exchangedAt().atOffset(ZoneOffset.UTC))
              .direction(sending ? EReportingDirection.SENDING : EReportingDirection.RECEIVING)
              .c2ID(sending ? ownSeatId : i.counterpartSp())
              .c3ID(sending ? i.counterpartSp() : ownSeatId)
              .docTypeIDScheme(i.docTypeScheme())
              .docTypeIDValue(i.docTypeValue())
              .processIDScheme(i.processScheme())
              .processIDValue(i.processValue())
              .transportProtocol(i.transportProtocol())
              .c1CountryCode(orUnknown(i.c1Country()))
              // the receiver's country is ours to know only when we are C3
              .c4CountryCode(sending ? i.c4Country() : orUnknown(i.c4Country()))
              .endUserID(i.endUserId())
              .build());
    }
    return out;
  }

  private static String orUnknown(String country) {
    return country == null ? CPeppolReporting.REPLACEMENT_COUNTRY_CODE : country;
  }
}
