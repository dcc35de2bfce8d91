package se.peppolgw.ap.testkit;

import java.nio.charset.StandardCharsets;
import se.peppolgw.ap.store.InboundRecord;
import se.peppolgw.ap.ubl.BusinessFacts;

/** Small received messages for tests of the workers behind the inbound path. */
public final class TestInbound {
  private TestInbound() {}

  /**
   * Message {@code i} of a test: a tiny invoice (not a Peppol one: it validates as not-validated)
   * from {@code 0088:1} to {@code 0007:5567212344}, sent by seat PSE000002, with AS4 and SBDH ids
   * made of {@code prefix} and {@code i}.
   */
  public static InboundRecord record(String prefix, int i) {
    byte[] doc = ("<Invoice><ID>" + i + "</ID></Invoice>").getBytes(StandardCharsets.UTF_8);
    return new InboundRecord(
        prefix + "-" + i + "@test", "c-" + i, prefix + "-sbdh-" + i, "0088:1", "0007:5567212344", "urn:doc",
        "urn:proc", "SE", "PSE000002", "127.0.0.1", BusinessFacts.of("INV-" + i, null, null), doc, doc, -1, null);
  }
}
