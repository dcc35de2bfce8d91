package se.peppolgw.punchout.session;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Request parameters of a browser login, looked up case-insensitively (buyers vary the spelling). */
public final class SetupParameters {
  private final Map<String, List<String>> byLowerName = new LinkedHashMap<>();
  private final Map<String, String> originalNames = new LinkedHashMap<>();

  public SetupParameters(Map<String, String[]> raw) {
    raw.forEach((k, v) -> {
      String lower = k.toLowerCase(Locale.ROOT);
      byLowerName.put(lower, List.of(v));
      originalNames.put(lower, k);
    });
  }

  public String get(String name) {
    List<String> v = byLowerName.get(name.toLowerCase(Locale.ROOT));
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** Whether the parameter was sent under exactly this name (for echoing ~OkCode etc. as received). */
  public String originalName(String name) {
    return originalNames.get(name.toLowerCase(Locale.ROOT));
  }

  /** Every parameter not in {@code known} (and never the credential fields), as received. */
  public Map<String, List<String>> unknown(Set<String> knownLowerCase) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    byLowerName.forEach((k, v) -> {
      if (!knownLowerCase.contains(k)) {
        out.put(originalNames.get(k), v);
      }
    });
    return out;
  }

  /** Parameter names for the setup log: values are left out (they can hold credentials). */
  public String namesForLog(Set<String> hidden) {
    return String.join(",", originalNames.values().stream()
        .filter(n -> !hidden.contains(n.toLowerCase(Locale.ROOT))).toList());
  }
}
