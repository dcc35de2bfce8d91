package se.peppolgw.punchout.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.math.BigDecimal;
import se.peppolgw.punchout.cart.BoundedDecimal;
import se.peppolgw.punchout.cxml.CxmlSetupRequestParser;
import se.peppolgw.punchout.oci.OciSetup;
import se.peppolgw.punchout.session.SetupParameters;

/**
 * Coverage-guided fuzzing (Jazzer) of the punch-out parsers that read a buyer system's input:
 * cXML PunchOutSetupRequest, the OCI login parameters and the bounded decimal parser. The only acceptable failure is the
 * parser's own "bad request" exception. {@code ./mvnw test} replays the seed corpus in
 * src/test/resources/se/peppolgw/punchout/fuzz/PunchoutParserFuzzTestInputs; fuzzing:
 * docs/reliability.md.
 */
class PunchoutParserFuzzTest {
  private static final CxmlSetupRequestParser CXML = new CxmlSetupRequestParser();

  @FuzzTest(maxDuration = "20s")
  void cxmlSetupRequest(byte[] body) {
    try {
      CXML.parse(body);
    } catch (CxmlSetupRequestParser.MalformedRequest expected) {
      // answered with cXML Status 400: fine
    }
  }

  /** Any text: a value within the kind's limits, or {@code Refused}; never another exception, never a huge value. */
  @FuzzTest(maxDuration = "20s")
  void boundedDecimal(FuzzedDataProvider data) {
    BoundedDecimal kind = data.pickValue(BoundedDecimal.values());
    boolean typed = data.consumeBoolean();
    String text = data.consumeRemainingAsString();
    try {
      BigDecimal v = typed ? kind.parseTyped(text, "f") : kind.parse(text, "f");
      if (v != null) {
        BigDecimal s = v.stripTrailingZeros();
        assertTrue(s.precision() - s.scale() <= kind.maxIntegerDigits() && Math.max(0, s.scale()) <= kind.maxDecimals()
            && v.signum() >= 0, "out of bounds: " + v);
        kind.check(v, "f");
      }
    } catch (BoundedDecimal.Refused expected) {
      // a clear refusal naming the field: fine
    }
  }

  @FuzzTest(maxDuration = "20s")
  void ociParameters(FuzzedDataProvider data) {
    Map<String, String[]> raw = new HashMap<>();
    int n = data.consumeInt(0, 12);
    for (int i = 0; i < n; i++) {
      String name = data.consumeString(40);
      String[] values = new String[data.consumeInt(0, 3)];
      for (int j = 0; j < values.length; j++) {
        values[j] = data.consumeString(200);
      }
      raw.put(name, values);
    }
    SetupParameters p = new SetupParameters(raw);
    for (String name : raw.keySet()) {
      p.get(name);
      p.originalName(name);
    }
    p.get("HOOK_URL");
    p.get("~TARGET");
    p.unknown(Set.of("hook_url", "username", "password"));
    p.namesForLog(Set.of("password"));
    String target = OciSetup.firstSafeTarget(data.consumeString(30), data.consumeRemainingAsString());
    if (target != null) {
      assertTrue(!target.contains("\"") && !target.contains("<"), "unsafe form target: " + target);
    }
  }
}
