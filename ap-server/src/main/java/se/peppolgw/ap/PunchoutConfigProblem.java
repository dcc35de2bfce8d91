package se.peppolgw.ap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.stream.Collectors;
import se.peppolgw.ap.config.ConfigException;

/**
 * Turns a failure to load the punch-out files (buyer profiles, catalogue, supplier identity) into
 * one sentence an operator can act on: which file, which key, what is wrong, and for a misspelt
 * key the nearest known one. The punch-out module reads its JSON strictly (unknown keys refused);
 * this only words its exceptions.
 */
final class PunchoutConfigProblem {
  private PunchoutConfigProblem() {}

  static ConfigException describe(Path configDir, RuntimeException e) {
    String where = "punch-out configuration in " + configDir;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().startsWith("cannot read ")) {
        // the punch-out module's wording: "cannot read buyer profile <file>"
        where = t.getMessage().substring("cannot read ".length());
      }
      if (t instanceof UnrecognizedPropertyException u) {
        String key = path(u);
        String hint = nearest(u.getPropertyName(), u.getKnownPropertyIds());
        return new ConfigException(
            // no line number: for records Jackson reports where the object ended, not the key
            where + ": unknown key '" + key + "'"
                + (hint == null ? "" : " (did you mean '" + hint + "'?)")
                + "; known keys here: " + known(u.getKnownPropertyIds()),
            e);
      }
      if (t instanceof JsonMappingException m && !m.getPath().isEmpty()) {
        return new ConfigException(
            where + ": key '" + path(m) + "': " + m.getOriginalMessage(), e);
      }
      if (t instanceof JsonProcessingException j) {
        return new ConfigException(where + line(j) + ": " + j.getOriginalMessage(), e);
      }
    }
    return new ConfigException(where + ": " + e.getMessage(), e);
  }

  private static String path(JsonMappingException m) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : m.getPath()) {
      if (r.getFieldName() != null) {
        sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static String line(JsonProcessingException j) {
    return j.getLocation() == null || j.getLocation().getLineNr() < 1
        ? ""
        : " (line " + j.getLocation().getLineNr() + ")";
  }

  private static String known(Collection<Object> ids) {
    return ids == null ? "?" : ids.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
  }

  /** The known key within edit distance 3 of the given one, if there is exactly a closest. */
  static String nearest(String key, Collection<Object> known) {
    if (key == null || known == null) {
      return null;
    }
    String best = null;
    int bestDistance = 4;
    for (Object k : known) {
      int d = distance(key.toLowerCase(java.util.Locale.ROOT), String.valueOf(k).toLowerCase(java.util.Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = String.valueOf(k);
      }
    }
    return best;
  }

  /** Levenshtein distance (insertions, deletions, substitutions). */
  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
