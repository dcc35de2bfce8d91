package se.peppolgw.ap.inbound;

import com.helger.collection.commons.ICommonsList;
import com.helger.peppol.sbdh.PeppolSBDHData;
import com.helger.peppol.sbdh.PeppolSBDHDataReadException;
import com.helger.peppol.sbdh.PeppolSBDHDataReader;
import com.helger.peppolid.factory.PeppolIdentifierFactory;
import com.helger.phase4.attachment.WSS4JAttachment;
import com.helger.phase4.model.error.EEbmsError;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import se.peppolgw.ap.sbd.InspectedSbd;
import se.peppolgw.ap.sbd.SbdFormatException;
import se.peppolgw.ap.sbd.SbdInspector;

/**
 * From the AS4 attachments to the SBD and its header, each step refusing with the words the
 * sender needs: exactly one payload, read within the size limit (after decompression), one
 * streaming inspection of the SBD, and the SBDH read from the header-only copy that inspection made.
 *
 * <p>The bytes are read once and never copied here: the record stores the same array.
 */
final class InboundPayload {
  private InboundPayload() {}

  static WSS4JAttachment single(ICommonsList<WSS4JAttachment> attachments) throws Rejection {
    int n = attachments == null ? 0 : attachments.size();
    if (n == 0) {
      throw new Rejection(
          EEbmsError.EBMS_OTHER, "A Peppol message must carry the SBD as an attachment; none found");
    }
    if (n > 1) {
      throw new Rejection(
          EEbmsError.EBMS_OTHER,
          "A Peppol message must carry exactly one payload (the SBD); this one carries " + n);
    }
    return attachments.get(0);
  }

  static byte[] read(WSS4JAttachment attachment, long maxPayloadBytes) throws Rejection {
    boolean compressed = attachment.hasCompressionMode();
    try (InputStream in = attachment.getSourceStream()) {
      return BoundedPayloadReader.read(in, maxPayloadBytes);
    } catch (BoundedPayloadReader.TooLargeException e) {
      throw new Rejection(
          compressed ? EEbmsError.EBMS_DECOMPRESSION_FAILURE : EEbmsError.EBMS_OTHER,
          "The payload is larger than this access point accepts ("
              + maxPayloadBytes + " bytes" + (compressed ? " after decompression" : "")
              + ")");
    } catch (IOException | RuntimeException e) {
      throw new Rejection(
          compressed ? EEbmsError.EBMS_DECOMPRESSION_FAILURE : EEbmsError.EBMS_OTHER,
          "The payload could not be read" + (compressed ? " (decompression failed)" : "") + ": "
              + e.getMessage());
    }
  }

  static InspectedSbd inspect(byte[] sbd) throws Rejection {
    try {
      return SbdInspector.inspect(sbd);
    } catch (SbdFormatException e) {
      throw new Rejection(EEbmsError.EBMS_OTHER, e.getMessage());
    }
  }

  /**
   * The SBDH, read by peppol-commons from the header with an empty stand-in for the document:
   * PeppolSBDHDataReader would build a DOM of the whole document (half the CPU of a 1 MB message)
   * only to read its root name.
   */
  static PeppolSBDHData readSbdh(InspectedSbd inspected) throws Rejection {
    try {
      return new PeppolSBDHDataReader(PeppolIdentifierFactory.INSTANCE)
          .extractData(new ByteArrayInputStream(inspected.headerOnlySbd()));
    } catch (PeppolSBDHDataReadException e) {
      throw new Rejection(
          EEbmsError.EBMS_OTHER, "The SBDH is not valid for Peppol: " + e.getMessage());
    } catch (RuntimeException e) {
      throw new Rejection(EEbmsError.EBMS_OTHER, "The SBDH could not be read: " + e.getMessage());
    }
  }
}
