package se.peppolgw.smp.smp;

import java.net.URI;
import java.util.Objects;

import com.helger.peppolid.IParticipantIdentifier;

import se.peppolgw.smp.trace.TraceRecorder;

/** The same SMP for everyone (no SML). */
public final class FixedSmpLocator implements SmpLocator {
  private final URI smpUrl;

  public FixedSmpLocator(URI smpUrl) {
    this.smpUrl = Objects.requireNonNull(smpUrl, "smpUrl");
  }

  @Override
  public URI locate(IParticipantIdentifier participant, TraceRecorder trace) {
    return smpUrl;
  }
}
