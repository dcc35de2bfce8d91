package se.peppolgw.ap.outbound;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The sender participants one submitter (an API token, the outbound folder, an operator's resend)
 * may send documents for: the participants this gateway serves ({@code gateway.participants}),
 * plus those configuration explicitly adds for it (a service provider sending on behalf of its
 * customers), or any sender when configuration says {@code *}.
 *
 * <p>Why: without it, anyone holding a back-office token could send documents in the name of any
 * Peppol participant, signed with this access point's certificate.
 */
public record SenderScope(String submitter, Set<String> participants, boolean anySender) {
  public SenderScope {
    Set<String> lower = new LinkedHashSet<>();
    participants.forEach(p -> lower.add(p.trim().toLowerCase(Locale.ROOT)));
    participants = Set.copyOf(lower);
  }

  /**
   * @param ours the participants this gateway serves
   * @param extra the further participants configured for this submitter; {@code *} means any
   */
  public static SenderScope of(String submitter, Collection<String> ours, Collection<String> extra) {
    Set<String> all = new LinkedHashSet<>(ours);
    boolean any = false;
    for (String e : extra) {
      if (e.trim().equals("*")) {
        any = true;
      } else {
        all.add(e);
      }
    }
    return new SenderScope(submitter, all, any);
  }

  /** True when {@code senderId} (a participant identifier value, scheme implied) is allowed. */
  public boolean allows(String senderId) {
    return anySender || (senderId != null && participants.contains(senderId.trim().toLowerCase(Locale.ROOT)));
  }

  /** The refusal: 403 naming the sender and what this submitter may send for. */
  OutboundRejection refusal(String senderId) {
    return new OutboundRejection(
        403,
        "Sender not allowed",
        submitter + " may not send documents for sender participant " + senderId
            + "; allowed: " + (participants.isEmpty() ? "none" : String.join(", ", participants.stream().sorted().toList()))
            + " (the participants this gateway serves, gateway.participants, and those configured for"
            + " this submitter with gateway.api.token.<name>.may-send-for or"
            + " gateway.outbound.dir.may-send-for)",
        java.util.Map.of("sender", senderId == null ? "" : senderId));
  }
}
