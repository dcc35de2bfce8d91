package se.peppolgw.ap.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * KnownKeys is the list of every key the gateway reads: a key read that is not in it would be
 * refused as unknown when an operator sets it, and a key in it that nothing reads is a setting that
 * silently does nothing. The start check binds every area with every optional part switched on, and
 * the keys it asked for are compared with the list both ways.
 */
class KnownKeysCompleteTest {
  @TempDir Path dir;

  private ConfigSource everythingSwitchedOn() {
    Map<String, String> m = new TreeMap<>();
    m.put("gateway.data.dir", dir.toString());
    m.put("gateway.keystore.path", dir.resolve("ap.p12").toString());
    m.put("gateway.truststore.path", dir.resolve("trust.p12").toString());
    m.put("gateway.tls.keystore.path", dir.resolve("tls.p12").toString());
    m.put("gateway.participants", "acme");
    m.put("gateway.participant.acme.id", "0007:5567212345");
    m.put("gateway.webhook.url", "https://bo.example/in");
    m.put("gateway.outbound.webhook.url", "https://bo.example/status");
    m.put("gateway.outbound.tls.truststore.path", dir.resolve("extra.p12").toString());
    m.put("gateway.routing.mode", "static");
    m.put("gateway.routing.static-routes", "r");
    m.put("gateway.routing.static.r.participant", "0088:7300000000001");
    m.put("gateway.routing.smp-truststore.path", dir.resolve("smp.p12").toString());
    m.put("gateway.operators", "ann");
    m.put("gateway.api.tokens", "erp");
    m.put("gateway.alerts.smtp.host", "smtp.example");
    m.put("gateway.alerts.smtp.from", "gateway@example.com");
    m.put("gateway.alerts.webhook.url", "https://alerts.example/hook");
    m.put("gateway.reporting.sender-id", "0242:000001");
    return ConfigSource.of(m, null);
  }

  @Test
  void everyKeyTheStartCheckReadsIsKnown() {
    ConfigSource src = everythingSwitchedOn();
    ConfigCheck.problems(new GatewayConfig(src));
    List<String> unknown = src.askedKeys().stream().filter(k -> !KnownKeys.isKnown(k)).sorted().toList();
    assertEquals(List.of(), unknown, "keys read but missing from KnownKeys (and README's table)");
  }

  @Test
  void everyKnownKeyIsReadByTheStartCheck() {
    ConfigSource src = everythingSwitchedOn();
    ConfigCheck.problems(new GatewayConfig(src));
    TreeSet<String> neverRead = new TreeSet<>();
    for (String known : KnownKeys.KEYS) {
      Pattern p = Pattern.compile(Pattern.quote(known).replace("<name>", "\\E[^.]+\\Q"));
      if (src.askedKeys().stream().noneMatch(k -> p.matcher(k).matches())) {
        neverRead.add(known);
      }
    }
    assertEquals(new TreeSet<>(), neverRead, "keys in KnownKeys that the start check never reads");
  }
}
