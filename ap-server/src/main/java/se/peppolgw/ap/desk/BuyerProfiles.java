package se.peppolgw.ap.desk;

import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import se.peppolgw.ap.config.ConfigException;
import se.peppolgw.ap.config.GatewayConfig;
import se.peppolgw.ap.store.Database;
import se.peppolgw.ap.store.DeskStore;
import se.peppolgw.ap.store.TransmissionStore;

/**
 * The shipped buyer rule profiles (from the buyers' guides in ../shared/seeds) and the
 * configuration of which receiving participants each applies to:
 * {@code gateway.buyer-rules.vgr.participants} and {@code gateway.buyer-rules.marks.participants}.
 */
public final class BuyerProfiles {
  /** Västra Götalandsregionen's organisation number 232100-0131 under scheme 0007. */
  static final String VGR_DEFAULT = "0007:2321000131";

  private BuyerProfiles() {}

  public static List<BuyerProfile> from(GatewayConfig config) {
    List<BuyerRule> all = List.of(BuyerRule.values());
    return List.of(
        new BuyerProfile("SE-VGR", "Västra Götalandsregionen",
            participants(config, "gateway.buyer-rules.vgr.participants", VGR_DEFAULT), all),
        new BuyerProfile("SE-MARKS", "Marks kommun / Proceedo",
            participants(config, "gateway.buyer-rules.marks.participants", ""), all));
  }

  public static BuyerRules rules(GatewayConfig config, Database db, TransmissionStore store, Clock clock) {
    return new BuyerRules(from(config), new DeskStore(db, clock), store, Desk.catalogue(config.punchoutConfigDir())::item);
  }

  private static Set<String> participants(GatewayConfig config, String key, String def) {
    String v = config.source().get(key).orElse(def);
    Set<String> out = new LinkedHashSet<>();
    for (String p : Arrays.asList(v.split(","))) {
      String t = p.trim();
      if (t.isEmpty()) {
        continue;
      }
      if (!t.matches("[0-9]{4}:[^\\s:]{1,100}")) {
        throw new ConfigException(key + " (" + config.source().origin(key) + "): '" + t
            + "' is not a participant id scheme:value such as 0007:2321000131");
      }
      out.add(t);
    }
    return out;
  }
}
