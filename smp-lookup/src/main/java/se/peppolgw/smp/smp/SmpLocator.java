package se.peppolgw.smp.smp;

import java.net.URI;

import com.helger.peppolid.IParticipantIdentifier;

import se.peppolgw.smp.SmpLookupException;
import se.peppolgw.smp.trace.TraceRecorder;

/** Finds the SMP responsible for a participant. */
public interface SmpLocator {
  URI locate(IParticipantIdentifier participant, TraceRecorder trace) throws SmpLookupException;
}
