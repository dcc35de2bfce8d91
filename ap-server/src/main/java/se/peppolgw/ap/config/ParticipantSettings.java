package se.peppolgw.ap.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import se.peppolgw.ap.peppol.DocumentTypeAliases;

/**
 * The participants this gateway serves: {@code gateway.participants=supplier,gln}, then per name
 * {@code gateway.participant.supplier.id=0007:5567212345}, {@code
 * gateway.participant.supplier.document-types=order,order-change} ({@code *} or absent: any) and
 * optionally {@code gateway.participant.supplier.country=SE}. Bound once; every wrong participant
 * is reported on a line of its own.
 *
 * @param participants in the order listed
 * @param countries Peppol Reporting: the ISO 3166 country of each participant that has one (the
 *     C4 country of what it receives, the C1 country of what it sends when the document gives
 *     none), keyed by participant identifier value
 */
public record ParticipantSettings(List<ServedParticipant> participants, Map<String, String> countries) {

  public ParticipantSettings {
    participants = List.copyOf(participants);
    countries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(countries));
  }

  static ParticipantSettings bind(GatewayConfig c) {
    Problems p = new Problems();
    List<ServedParticipant> out = new ArrayList<>();
    Map<String, String> countries = new LinkedHashMap<>();
    for (String name : c.list("gateway.participants")) {
      ServedParticipant sp = p.read(() -> participant(c, name), null);
      Optional<String> cc = p.read(() -> c.country("gateway.participant." + name + ".country"), Optional.empty());
      if (sp != null) {
        out.add(sp);
        cc.ifPresent(v -> countries.put(sp.participantId(), v));
      }
    }
    p.throwIfAny();
    return new ParticipantSettings(out, countries);
  }

  private static ServedParticipant participant(GatewayConfig c, String name) {
    String idKey = "gateway.participant." + name + ".id";
    String id =
        c.source().get(idKey)
            .orElseThrow(
                () ->
                    new ConfigException(
                        idKey + " is missing: participant '" + name + "' is listed in"
                            + " gateway.participants but has no identifier (e.g. 0007:5567212345)"));
    if (!id.matches("[0-9]{4}:[^\\s]{1,130}")) {
      throw new ConfigException(
          idKey + " = '" + GatewayConfig.abbreviate(id) + "' is not a Peppol participant identifier value"
              + " (expected ICD scheme code, colon, identifier, e.g. 0007:5567212345)");
    }
    Set<String> docTypes = new LinkedHashSet<>();
    for (String d : c.list("gateway.participant." + name + ".document-types")) {
      if (!d.equals("*")) {
        docTypes.add(DocumentTypeAliases.expand(d));
      }
    }
    return new ServedParticipant(name, id.toLowerCase(Locale.ROOT), Set.copyOf(docTypes));
  }
}
