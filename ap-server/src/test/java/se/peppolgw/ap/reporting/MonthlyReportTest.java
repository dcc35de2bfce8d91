package se.peppolgw.ap.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.peppolgw.ap.reporting.ReportXml.path;

import com.helger.peppol.reporting.eusr.EndUserStatisticsReportValidator;
import com.helger.peppol.reporting.tsr.TransactionStatisticsReportValidator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.store.Database;
import se.peppolgw.ap.store.ReportingStore;

/**
 * The seeded February (SeededMonth): recorded through the real store paths, built and validated
 * with the library, gives exactly the expected TSR and EUSR numbers.
 */
class MonthlyReportTest {
  static final String SP_DT_PR_CC = "Subtotal[@type='PerSP-DT-PR-CC']";

  @TempDir Path dir;
  Database db;
  SeededMonth seed;
  ReportingStore reporting;
  final MonthlyReportBuilder builder = new MonthlyReportBuilder(SeededMonth.OWN_SEAT);
  final ReportingPeriod february = ReportingPeriod.parse("2026-02").orElseThrow();

  @BeforeEach
  void open() {
    db = Database.open("jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "", 4);
    seed = new SeededMonth(db);
    reporting = new ReportingStore(db, seed.clock);
    seed.seed();
  }

  @AfterEach
  void close() {
    db.close();
  }

  private List<ReportingStore.Item> items(ReportingPeriod p) {
    return reporting.items(p.start(), p.end());
  }

  @Test
  void onlyEligibleExchangesOfTheUtcMonthAreRecorded() {
    List<ReportingStore.Item> feb = items(february);
    // a, b, c inbound; i, k outbound. Not: the duplicate, the refusal, the failed send, the
    // received TSR, the retry (k once), January's f and March's g
    assertEquals(SeededMonth.INCOMING, feb.stream().filter(i -> !i.isSending()).count());
    assertEquals(SeededMonth.OUTGOING, feb.stream().filter(ReportingStore.Item::isSending).count());
    // 00:30 Stockholm on 1 Feb is 23:30 UTC on 31 Jan: January; 00:30 Stockholm on 1 March is
    // 23:30 UTC on 28 Feb: February
    assertEquals(1, items(february.previous()).size());
    assertEquals(
        java.time.Instant.parse("2026-01-31T23:30:00Z"), items(february.previous()).get(0).exchangedAt());
    assertTrue(feb.stream().anyMatch(i -> i.exchangedAt().equals(java.time.Instant.parse("2026-02-28T23:30:00Z"))));
    ReportingPeriod march = ReportingPeriod.parse("2026-03").orElseThrow();
    assertEquals(1, items(march).size());
  }

  @Test
  void countriesComeFromTheDocumentElseTheServedParticipantsConfiguration() {
    List<ReportingStore.Item> feb = items(february);
    ReportingStore.Item inboundToBuyer =
        feb.stream().filter(i -> !i.isSending() && i.endUserId().equals(SeededMonth.BUYER)).findFirst().orElseThrow();
    assertEquals("FI", inboundToBuyer.c1Country(), "C1 from the SBDH");
    assertEquals("NO", inboundToBuyer.c4Country(), "C4 configured for the served receiver");
    assertEquals(SeededMonth.AP_FI, inboundToBuyer.counterpartSp());
    ReportingStore.Item sentByBuyer =
        feb.stream().filter(i -> i.isSending() && i.endUserId().equals(SeededMonth.BUYER)).findFirst().orElseThrow();
    assertEquals("NO", sentByBuyer.c1Country(), "no C1 in the send: the sender's configured country");
    assertNull(sentByBuyer.c4Country(), "C2 does not know C4's country");
    assertEquals(SeededMonth.AP_DE, sentByBuyer.counterpartSp());
    assertEquals(java.time.Instant.parse("2026-02-20T09:00:00Z"), sentByBuyer.exchangedAt(),
        "the delivery, not the first attempt, is the exchange");
  }

  @Test
  void tsrHasTheExpectedCountsAndPassesTheSchematron() {
    MonthlyReportBuilder.Built tsr = builder.buildTsr(february, items(february));
    assertTrue(tsr.valid(), () -> "problems: " + tsr.problems());
    ReportXml x = new ReportXml(tsr.xml());
    assertEquals("2026-02-01", x.text(path("Header", "ReportPeriod", "StartDate")));
    assertEquals("2026-02-28", x.text(path("Header", "ReportPeriod", "EndDate")));
    assertEquals(SeededMonth.OWN_SEAT, x.text(path("Header", "ReporterID")));
    assertEquals(3, x.number(path("Total", "Incoming")));
    assertEquals(2, x.number(path("Total", "Outgoing")));
    // per counterpart, document type and process: 4 combinations
    assertEquals(4, x.count("/*/*[local-name()='Subtotal'][@type='PerSP-DT-PR']"));
    // DE's AP sent us two invoices (the one across midnight Stockholm time included)
    String deInvoicesIn =
        "/*/*[local-name()='Subtotal'][@type='PerSP-DT-PR-CC']"
            + "[*[@metaSchemeID='SP']='" + SeededMonth.AP_DE + "']"
            + "[*[@metaSchemeID='DT']='" + SeededMonth.INVOICE + "']"
            + "[*[@schemeID='SenderCountry']='DE'][*[@schemeID='ReceiverCountry']='SE']";
    assertEquals(2, x.number(deInvoicesIn + "/*[local-name()='Incoming']"));
    assertEquals(0, x.number(deInvoicesIn + "/*[local-name()='Outgoing']"));
    String fiOrdersIn =
        "/*/*[local-name()='Subtotal'][@type='PerSP-DT-PR-CC']"
            + "[*[@metaSchemeID='SP']='" + SeededMonth.AP_FI + "']"
            + "[*[@schemeID='SenderCountry']='FI'][*[@schemeID='ReceiverCountry']='NO']";
    assertEquals(1, x.number(fiOrdersIn + "/*[local-name()='Incoming']"));
  }

  @Test
  void eusrHasTheExpectedCountsAndPassesTheSchematron() {
    MonthlyReportBuilder.Built eusr = builder.buildEusr(february, items(february));
    assertTrue(eusr.valid(), () -> "problems: " + eusr.problems());
    ReportXml x = new ReportXml(eusr.xml());
    // two served end users, each sent and received once: distinct end users, not messages
    assertEquals(2, x.number(path("FullSet", "SendingEndUsers")));
    assertEquals(2, x.number(path("FullSet", "ReceivingEndUsers")));
    assertEquals(2, x.number(path("FullSet", "SendingOrReceivingEndUsers")));
    String se = "/*/*[local-name()='Subset'][@type='PerEUC'][*[@schemeID='EndUserCountry']='SE']";
    assertEquals(1, x.number(se + "/*[local-name()='SendingOrReceivingEndUsers']"));
    String no = "/*/*[local-name()='Subset'][@type='PerEUC'][*[@schemeID='EndUserCountry']='NO']";
    assertEquals(1, x.number(no + "/*[local-name()='SendingEndUsers']"));
    assertEquals(2, x.count("/*/*[local-name()='Subset'][@type='PerEUC']"));
  }

  @Test
  void anIdleMonthGivesValidZeroReports() {
    ReportingPeriod idle = ReportingPeriod.parse("2025-11").orElseThrow();
    assertTrue(items(idle).isEmpty());
    MonthlyReportBuilder.Built tsr = builder.buildTsr(idle, items(idle));
    MonthlyReportBuilder.Built eusr = builder.buildEusr(idle, items(idle));
    assertTrue(tsr.valid(), () -> "TSR problems: " + tsr.problems());
    assertTrue(eusr.valid(), () -> "EUSR problems: " + eusr.problems());
    assertEquals(0, new ReportXml(tsr.xml()).number(path("Total", "Incoming")));
    assertEquals(0, new ReportXml(tsr.xml()).number(path("Total", "Outgoing")));
    assertEquals(0, new ReportXml(eusr.xml()).number(path("FullSet", "SendingOrReceivingEndUsers")));
    assertEquals("2025-11-30", new ReportXml(tsr.xml()).text(path("Header", "ReportPeriod", "EndDate")));
  }

  @Test
  void theSchematronCatchesATotalThatDoesNotAddUp() {
    // proves the validation is real: the official rules check the totals against the subtotals
    String xml = builder.buildTsr(february, items(february)).xml();
    String tampered = xml.replaceFirst("<Incoming>3</Incoming>", "<Incoming>4</Incoming>");
    assertFalse(tampered.equals(xml));
    List<String> errors =
        MonthlyReportBuilder.schematronErrors(
            TransactionStatisticsReportValidator.getSchematronTSR_1(),
            tampered.getBytes(StandardCharsets.UTF_8));
    assertFalse(errors.isEmpty(), "a wrong total must fail the Schematron");
    String eusr = builder.buildEusr(february, items(february)).xml();
    String badEusr = eusr.replaceFirst("<SendingEndUsers>2</SendingEndUsers>", "<SendingEndUsers>5</SendingEndUsers>");
    assertFalse(
        MonthlyReportBuilder.schematronErrors(
                EndUserStatisticsReportValidator.getSchematronEUSR_1(),
                badEusr.getBytes(StandardCharsets.UTF_8))
            .isEmpty(),
        "more sending end users than sending-or-receiving must fail the Schematron");
  }
}
