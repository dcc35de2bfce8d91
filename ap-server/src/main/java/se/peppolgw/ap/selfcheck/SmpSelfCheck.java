package se.peppolgw.ap.selfcheck;

import com.helger.peppolid.IDocumentTypeIdentifier;
import com.helger.peppolid.factory.PeppolIdentifierFactory;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import se.peppolgw.ap.config.ServedParticipant;
import se.peppolgw.smp.FailureKind;
import se.peppolgw.smp.PublishedEndpoint;
import se.peppolgw.smp.SmpLookupException;
import se.peppolgw.smp.SmpLookupService;

/**
 * Compares what the SML/SMP publishes for each served participant with what this gateway is: its
 * public AS4 URL, its AP certificate, and the document types it accepts. Read-only: it asks the
 * network through smp-lookup (uncached) and changes nothing, so every node may run it.
 */
public final class SmpSelfCheck {
  /** A published certificate (ours) closer than this to its end is reported. */
  static final Duration EXPIRY_WARNING = Duration.ofDays(30);
  private static final String PARTICIPANT_SCHEME = "iso6523-actorid-upis::";
  private static final String DOCUMENT_SCHEME = "busdox-docid-qns::";

  private final SmpLookupService lookup;
  private final String notApplicable;
  private final List<ServedParticipant> participants;
  private final Supplier<String> ownAs4Url;
  private final X509Certificate ownCertificate;
  private final Clock clock;

  /**
   * @param lookup the gateway's receiver lookup, or null when there is no SML/SMP to ask
   * @param notApplicable why the check does not apply (static routing), or null when it does
   */
  public SmpSelfCheck(
      SmpLookupService lookup,
      String notApplicable,
      List<ServedParticipant> participants,
      Supplier<String> ownAs4Url,
      X509Certificate ownCertificate,
      Clock clock) {
    this.lookup = lookup;
    this.notApplicable = lookup == null && notApplicable == null ? "No SML or SMP is configured." : notApplicable;
    this.participants = List.copyOf(participants);
    this.ownAs4Url = ownAs4Url;
    this.ownCertificate = ownCertificate;
    this.clock = clock;
  }

  /** Whether there is anything to compare (an SML or SMP is configured). */
  public boolean applicable() {
    return notApplicable == null;
  }

  /** Runs the check; lookup failures become findings, never exceptions. */
  public SelfCheckReport run(String trigger) {
    Instant at = clock.instant();
    if (!applicable()) {
      return new SelfCheckReport(at, trigger, SelfCheckOutcome.NOT_APPLICABLE, 0, List.of(), notApplicable);
    }
    List<Finding> findings = new ArrayList<>();
    for (ServedParticipant p : participants) {
      check(p, findings);
    }
    SelfCheckOutcome outcome = findings.isEmpty() ? SelfCheckOutcome.NO_DRIFT : SelfCheckOutcome.DRIFT;
    String note =
        findings.isEmpty()
            ? participants.size() + " participant(s) published with this gateway's URL and certificate"
            : findings.size() + " finding(s) for " + participants.size() + " participant(s)";
    return new SelfCheckReport(at, trigger, outcome, participants.size(), findings, note);
  }

  private void check(ServedParticipant p, List<Finding> findings) {
    String participant = PARTICIPANT_SCHEME + p.participantId();
    Set<String> published;
    try {
      published = new LinkedHashSet<>();
      lookup.publishedDocumentTypes(participant).forEach(d -> published.add(normalise(d)));
    } catch (SmpLookupException e) {
      findings.add(failure(participant, null, e));
      return;
    }
    Set<String> accepted = new LinkedHashSet<>();
    p.documentTypes().forEach(d -> accepted.add(normalise(DOCUMENT_SCHEME + d)));
    boolean acceptsAny = accepted.isEmpty();
    for (String d : accepted) {
      if (!published.contains(d)) {
        findings.add(new Finding(DriftKind.ACCEPTED_NOT_PUBLISHED, participant, d,
            "Accepted by " + p.name() + " (gateway.participant." + p.name() + ".document-types), not in the SMP's"
                + " service group.", null));
      }
    }
    for (String d : published) {
      if (!acceptsAny && !accepted.contains(d)) {
        findings.add(new Finding(DriftKind.PUBLISHED_NOT_ACCEPTED, participant, d,
            "Listed in the SMP's service group, not in gateway.participant." + p.name() + ".document-types.", null));
      } else {
        checkEndpoints(participant, d, findings);
      }
    }
  }

  private void checkEndpoints(String participant, String documentType, List<Finding> findings) {
    List<PublishedEndpoint> endpoints;
    try {
      endpoints = lookup.publishedEndpoints(participant, documentType);
    } catch (SmpLookupException e) {
      findings.add(failure(participant, documentType, e));
      return;
    }
    if (endpoints.isEmpty()) {
      findings.add(new Finding(DriftKind.ACCEPTED_NOT_PUBLISHED, participant, documentType,
          "The SMP lists the document type but publishes no peppol-transport-as4-v2_0 endpoint for it.", null));
      return;
    }
    String ownUrl = ownAs4Url.get();
    for (PublishedEndpoint ep : endpoints) {
      String where = "process " + ep.process();
      if (!sameUrl(ep.endpoint().endpointUrl(), ownUrl)) {
        findings.add(new Finding(DriftKind.WRONG_URL, participant, documentType,
            where + ": published " + ep.endpoint().endpointUrl() + ", this gateway is " + ownUrl + ".", null));
      }
      X509Certificate published = ep.endpoint().certificate();
      if (!published.equals(ownCertificate)) {
        findings.add(new Finding(DriftKind.OTHER_CERTIFICATE, participant, documentType,
            where + ": published " + describe(published) + ", this gateway's is " + describe(ownCertificate) + ".",
            null));
      } else if (published.getNotAfter().toInstant().isBefore(clock.instant().plus(EXPIRY_WARNING))) {
        findings.add(new Finding(DriftKind.CERTIFICATE_EXPIRING, participant, documentType,
            where + ": the published certificate " + describe(published) + " expires "
                + published.getNotAfter().toInstant() + ".", null));
      }
    }
  }

  private static Finding failure(String participant, String documentType, SmpLookupException e) {
    if (e.kind() == FailureKind.PARTICIPANT_NOT_REGISTERED) {
      return new Finding(DriftKind.NOT_REGISTERED, participant, null, e.getMessage(), null);
    }
    if (e.kind() == FailureKind.DOCUMENT_TYPE_NOT_SUPPORTED && documentType != null) {
      // listed in the service group but no metadata behind it: not published in effect
      return new Finding(DriftKind.ACCEPTED_NOT_PUBLISHED, participant, documentType, e.getMessage(), null);
    }
    return new Finding(DriftKind.LOOKUP_FAILED, participant, documentType, e.getMessage(), e.kind());
  }

  /** Scheme and host compare case-insensitively, a trailing slash does not count. */
  static boolean sameUrl(String published, String own) {
    try {
      URI a = URI.create(published.trim()).normalize();
      URI b = URI.create(own.trim()).normalize();
      return lower(a.getScheme()).equals(lower(b.getScheme()))
          && lower(a.getHost()).equals(lower(b.getHost()))
          && port(a) == port(b)
          && trimSlash(a.getRawPath()).equals(trimSlash(b.getRawPath()))
          && String.valueOf(a.getRawQuery()).equals(String.valueOf(b.getRawQuery()));
    } catch (IllegalArgumentException e) {
      return published.trim().equals(own.trim());
    }
  }

  private static int port(URI u) {
    return u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  private static String lower(String s) {
    return s == null ? "" : s.toLowerCase(Locale.ROOT);
  }

  private static String trimSlash(String p) {
    return p == null ? "" : p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  private static String normalise(String documentTypeUri) {
    IDocumentTypeIdentifier id = PeppolIdentifierFactory.INSTANCE.parseDocumentTypeIdentifier(documentTypeUri);
    return id == null ? documentTypeUri : id.getURIEncoded();
  }

  private static String describe(X509Certificate c) {
    return "'" + c.getSubjectX500Principal().getName() + "' (serial " + c.getSerialNumber().toString(16)
        + ", valid until " + c.getNotAfter().toInstant() + ")";
  }
}
