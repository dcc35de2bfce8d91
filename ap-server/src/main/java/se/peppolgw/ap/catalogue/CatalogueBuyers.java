package se.peppolgw.ap.catalogue;

import java.util.ArrayList;
import java.util.List;
import se.peppolgw.ap.config.ConfigException;
import se.peppolgw.ap.config.ConfigSource;

/**
 * The buyers a published catalogue is sent to: {@code gateway.catalogue.buyers}, a comma-separated
 * list of participant ids, each optionally followed by {@code =} and the buyer's legal name (the
 * BIS Catalogue names its receiver; without a name the participant id stands in), e.g.
 * {@code 0007:2321000131=Västra Götalandsregionen}.
 */
public record CatalogueBuyers(List<Buyer> buyers) {
  public static final String KEY = "gateway.catalogue.buyers";
  static final int MAX_BUYERS = 100;

  public record Buyer(String participant, String name) {}

  public CatalogueBuyers {
    buyers = List.copyOf(buyers);
  }

  public static CatalogueBuyers from(ConfigSource src) {
    List<Buyer> out = new ArrayList<>();
    String value = src.get(KEY).map(String::trim).orElse("");
    if (value.isEmpty()) {
      return new CatalogueBuyers(out);
    }
    for (String entry : value.split(",")) {
      String e = entry.trim();
      if (e.isEmpty()) {
        continue;
      }
      int eq = e.indexOf('=');
      String participant = (eq < 0 ? e : e.substring(0, eq)).trim();
      String name = eq < 0 ? participant : e.substring(eq + 1).trim();
      if (!participant.matches("[0-9]{4}:[^\\s:=,]{1,100}") || name.isEmpty() || name.length() > 200) {
        throw new ConfigException(KEY + " (" + src.origin(KEY) + "): '" + e
            + "' is not a participant id (scheme:value, e.g. 0007:2321000131) optionally followed by =legal name");
      }
      if (out.stream().anyMatch(b -> b.participant().equals(participant))) {
        throw new ConfigException(KEY + " (" + src.origin(KEY) + "): " + participant + " is listed twice");
      }
      out.add(new Buyer(participant, name));
    }
    if (out.size() > MAX_BUYERS) {
      throw new ConfigException(KEY + " (" + src.origin(KEY) + "): at most " + MAX_BUYERS + " buyers");
    }
    return new CatalogueBuyers(out);
  }
}
