package se.peppolgw.ap.desk;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A buyer's rule profile: which rules apply to documents for which receiving participants.
 *
 * @param id the prefix of its rule ids, e.g. {@code SE-VGR}
 * @param participants receiving participant ids ({@code scheme:value}) the profile applies to
 */
public record BuyerProfile(String id, String name, Set<String> participants, List<BuyerRule> rules) {
  public BuyerProfile {
    participants = participants.stream().map(p -> p.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    rules = List.copyOf(rules);
  }

  public boolean appliesTo(String receiverId) {
    return receiverId != null && participants.contains(receiverId.trim().toLowerCase(Locale.ROOT));
  }

  public String ruleId(BuyerRule r) {
    return id + "-" + r.code();
  }
}
