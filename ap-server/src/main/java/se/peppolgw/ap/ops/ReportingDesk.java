package se.peppolgw.ap.ops;

import java.util.List;
import java.util.Optional;
import se.peppolgw.ap.store.ReportingStore;

/**
 * What the operator pages need from Peppol Reporting (implemented by the reporting part, which
 * starts after the operator UI): the months with their reports and the counts behind them, the
 * warning for a late or failed month, where reports go, the kept XML, and a manual send.
 */
public interface ReportingDesk {
  /** A month's kept reports and its counted transmissions grouped for the drill-down. */
  record Month(String period, List<ReportingStore.Report> reports, List<ReportingStore.Breakdown> breakdown) {}

  /**
   * What a manual send did: 200 done ({@code sent}: queued for sending; else kept, local mode),
   * 404 no such month, 409 month not ended, 422 a report failed validation or could not be sent.
   */
  record SendResult(int status, boolean sent, String message) {
    public boolean ok() {
      return status < 300;
    }
  }

  /** The months with kept reports, newest first, states brought up to date with the outbox. */
  List<Month> months();

  /** The month last ended (UTC), the one due for reporting now, as yyyy-MM. */
  String previousMonth();

  /** The warning for the previous month (a report failed, or late), if any. */
  Optional<String> attention();

  /** Where reports go when it is not OpenPeppol (local mode), for a banner; empty otherwise. */
  Optional<String> destinationNote();

  /** The kept XML of a month's report ({@code TSR} or {@code EUSR}), if one was built. */
  Optional<String> keptXml(String period, String kind);

  /** Re-builds, validates, keeps and sends a month's reports; audited as REPORTING_SEND. */
  SendResult send(String operator, String period, String remoteAddress);
}
