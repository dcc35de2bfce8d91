package se.peppolgw.smp.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.NAPTRRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import com.helger.dns.naptr.NaptrResolver;
import com.helger.peppolid.IParticipantIdentifier;
import com.helger.smpclient.url.PeppolNaptrURLProvider;
import com.helger.smpclient.url.SMPDNSResolutionException;

import se.peppolgw.smp.FailureKind;
import se.peppolgw.smp.SmpLookupException;
import se.peppolgw.smp.smp.SmpLocator;
import se.peppolgw.smp.trace.TraceRecorder;

/**
 * Finds a participant's SMP through the Peppol SML by a U-NAPTR (BDXL) lookup.
 *
 * <p>peppol-commons does the Peppol-specific parts: {@link PeppolNaptrURLProvider} builds the DNS name
 * (SHA-256 of the lower-cased id, Base32 without padding, then scheme and zone), and ph-dns'
 * {@link NaptrResolver} picks the {@code Meta:SMP} "U" record and applies its regexp. The DNS query itself
 * is sent with dnsjava, because {@code PeppolNaptrURLProvider} (through ph-dns {@code ResolverHelper})
 * accepts custom DNS servers only as addresses on port 53, always appends the system resolvers as
 * fall-backs, and reports NXDOMAIN, timeouts and network errors alike as "no record". We need a
 * server on any port and those three told apart.
 */
public final class NaptrSmpLocator implements SmpLocator {
  private final String smlZone;
  private final Resolver resolver;
  private final String serverDescription;
  /** Only its name-building rules are used (it is thread-safe); a private copy, not the mutable global one. */
  private static final PeppolNaptrURLProvider NAMING = new PeppolNaptrURLProvider();

  /**
   * @param smlZone   the SML DNS zone
   * @param dnsServer the DNS server to ask, or null for the system's resolvers
   * @param timeout   the timeout of one query
   */
  public NaptrSmpLocator(String smlZone, InetSocketAddress dnsServer, Duration timeout) {
    this.smlZone = smlZone.endsWith(".") ? smlZone : smlZone + ".";
    if (dnsServer != null) {
      SimpleResolver simple = new SimpleResolver(dnsServer);
      simple.setTimeout(timeout);
      this.resolver = simple;
      this.serverDescription = dnsServer.getHostString() + ":" + dnsServer.getPort();
    } else {
      ExtendedResolver system = new ExtendedResolver();
      system.setTimeout(timeout);
      system.setRetries(1);
      this.resolver = system;
      this.serverDescription = "system resolver";
    }
  }

  /** The DNS name queried for a participant in this locator's zone. */
  public String dnsNameOf(IParticipantIdentifier participant) {
    return dnsNameOf(participant, smlZone);
  }

  /** The DNS name queried for a participant in an SML zone, as peppol-commons builds it (no trailing dot). */
  public static String dnsNameOf(IParticipantIdentifier participant, String smlZone) {
    try {
      return NAMING.getDNSNameOfParticipant(participant, smlZone.endsWith(".") ? smlZone : smlZone + ".");
    } catch (SMPDNSResolutionException e) {
      throw new IllegalArgumentException("Cannot build a DNS name for " + participant.getURIEncoded(), e);
    }
  }

  @Override
  public URI locate(IParticipantIdentifier participant, TraceRecorder trace) throws SmpLookupException {
    String dnsName = dnsNameOf(participant);
    TraceRecorder.Timer step = trace.start("DNS_NAPTR", dnsName + " NAPTR @" + serverDescription);
    Message response;
    try {
      Message query = Message.newQuery(Record.newRecord(Name.fromString(dnsName + "."), Type.NAPTR, DClass.IN));
      response = resolver.send(query);
    } catch (TextParseException e) {
      step.done("invalid name: " + e.getMessage());
      throw new SmpLookupException(FailureKind.PARTICIPANT_NOT_REGISTERED,
          "The participant's DNS name " + dnsName + " is not a valid DNS name.", e);
    } catch (IOException e) {
      boolean timeout = isTimeout(e);
      step.done((timeout ? "timeout: " : "error: ") + e.getMessage());
      throw new SmpLookupException(timeout ? FailureKind.TIMEOUT : FailureKind.DNS_UNREACHABLE,
          "NAPTR query for " + dnsName + " to " + serverDescription + ": " + e.getMessage(), e);
    }

    int rcode = response.getRcode();
    if (rcode == Rcode.NXDOMAIN) {
      step.done("NXDOMAIN");
      throw new SmpLookupException(FailureKind.PARTICIPANT_NOT_REGISTERED,
          participant.getURIEncoded() + ": " + dnsName + " does not exist (NXDOMAIN).");
    }
    if (rcode != Rcode.NOERROR) {
      step.done(Rcode.string(rcode));
      throw new SmpLookupException(FailureKind.DNS_UNREACHABLE,
          "DNS server " + serverDescription + " answered " + Rcode.string(rcode) + " for " + dnsName + ".");
    }

    List<NAPTRRecord> records = new ArrayList<>();
    for (Record r : response.getSection(Section.ANSWER)) {
      if (r instanceof NAPTRRecord naptr) {
        records.add(naptr);
      }
    }
    // Checked before NaptrResolver.build(): with no records it would run its own lookup on the system resolver.
    String smpUrl = records.isEmpty() ? null
        : NaptrResolver.builder()
            .domainName(dnsName)
            .naptrRecords(records)
            .serviceName(PeppolNaptrURLProvider.DNS_UNAPTR_SERVICE_NAME_META_SMP)
            .build()
            .resolveUNAPTR();
    if (smpUrl == null) {
      step.done(records.isEmpty() ? "no NAPTR record" : "no usable Meta:SMP U-NAPTR in " + records);
      throw new SmpLookupException(FailureKind.PARTICIPANT_NOT_REGISTERED,
          participant.getURIEncoded() + ": " + dnsName + " has no Meta:SMP U-NAPTR record.");
    }
    step.done(smpUrl);
    try {
      URI uri = new URI(smpUrl);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
        throw new URISyntaxException(smpUrl, "not an http(s) URL with a host");
      }
      return uri;
    } catch (URISyntaxException e) {
      // the participant is registered, but its SML entry is broken: the SML operator or SMP must fix it
      throw new SmpLookupException(FailureKind.SMP_UNREACHABLE,
          "The NAPTR record of " + dnsName + " points to an unusable SMP URL '" + smpUrl + "'.", e);
    }
  }

  private static boolean isTimeout(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SocketTimeoutException || t instanceof TimeoutException) {
        return true;
      }
      if (t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains("timed out")) {
        return true;
      }
    }
    return false;
  }
}
