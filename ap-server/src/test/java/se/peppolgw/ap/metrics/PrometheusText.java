package se.peppolgw.ap.metrics;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reads samples out of a Prometheus text exposition (tests only). */
public final class PrometheusText {
  private PrometheusText() {}

  /**
   * The value of the sample with this name whose labels include all of {@code labels}; summed
   * when several match; null when none does.
   */
  public static Double value(String text, String name, Map<String, String> labels) {
    Double sum = null;
    for (String line : text.split("\n")) {
      if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
        continue;
      }
      String labelPart = line.startsWith(name + "{") ? line.substring(name.length(), line.lastIndexOf('}') + 1) : "";
      boolean all = labels.entrySet().stream()
          .allMatch(e -> labelPart.contains(e.getKey() + "=\"" + e.getValue() + "\""));
      if (all) {
        double v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        sum = (sum == null ? 0 : sum) + v;
      }
    }
    return sum;
  }

  public static Double value(String text, String name) {
    return value(text, name, Map.of());
  }

  /** The names of every sample in the exposition. */
  public static Set<String> names(String text) {
    Set<String> names = new TreeSet<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        int end = line.indexOf('{') >= 0 ? line.indexOf('{') : line.indexOf(' ');
        names.add(line.substring(0, end));
      }
    }
    return names;
  }
}
