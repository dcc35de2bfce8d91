package se.peppolgw.ap.catalogue;

import com.helger.ubl21.UBL21Marshaller;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import oasis.names.specification.ubl.schema.xsd.applicationresponse_21.ApplicationResponseType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.DocumentResponseType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.ResponseType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.StatusType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.DescriptionType;
import org.w3c.dom.Document;
import se.peppolgw.ap.peppol.DocumentTypeAliases;
import se.peppolgw.ap.sbd.SafeXml;
import se.peppolgw.ap.store.CatalogueStore;
import se.peppolgw.ap.store.Direction;
import se.peppolgw.ap.store.PayloadKind;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionQuery;
import se.peppolgw.ap.store.TransmissionStore;

/**
 * The Peppol BIS Catalogue Responses this gateway received (UBL ApplicationResponse, {@code
 * catalogue_response:3}), each linked to the publication whose BIS Catalogue it answers: matched by
 * the catalogue id it references ({@code DocumentResponse/DocumentReference/ID}) and sent by the
 * buyer that catalogue went to; the reason of a rejection is the response's note. An answer that
 * matches nothing is still listed, unlinked. They are
 * read from the transmission log when asked (the newest {@link #MAX_RESPONSES}).
 */
public final class CatalogueResponses {
  public static final int MAX_RESPONSES = 200;
  private static final int MAX_TEXT = 500;

  private final TransmissionQuery query;
  private final TransmissionStore transmissions;
  private final CatalogueStore store;

  public CatalogueResponses(TransmissionQuery query, TransmissionStore transmissions, CatalogueStore store) {
    this.query = query;
    this.transmissions = transmissions;
    this.store = store;
  }

  /** What the buyer answered: {@code AP} accepted, {@code RE} rejected (UNCL 4343). */
  public enum Answer {
    ACCEPTED, REJECTED, OTHER, UNREADABLE;

    static Answer of(String code) {
      return code == null ? UNREADABLE : switch (code.trim()) {
        case "AP" -> ACCEPTED;
        case "RE" -> REJECTED;
        default -> OTHER;
      };
    }
  }

  /**
   * A received Catalogue Response.
   *
   * @param catalogueId the catalogue it answers (null when unreadable)
   * @param version the publication it is linked to, or null when it matches none
   * @param reason the buyer's reason (a rejection's description or status reason), or null
   */
  public record Received(
      String transmissionId, String sender, Instant receivedAt, String catalogueId, Integer version, String code,
      Answer answer, String reason) {}

  public List<Received> received() {
    TransmissionQuery.Filter f = new TransmissionQuery.Filter(
        Direction.IN, null, DocumentTypeAliases.expand("catalogue-response"), null, null, null, null);
    List<Received> out = new ArrayList<>();
    for (Transmission t : query.list(f, null, MAX_RESPONSES).items()) {
      out.add(read(t));
    }
    return out;
  }

  private Received read(Transmission t) {
    Optional<byte[]> doc = transmissions.payload(t.id(), PayloadKind.DOCUMENT);
    ApplicationResponseType ar = doc.map(CatalogueResponses::parse).orElse(null);
    if (ar == null || ar.getDocumentResponseCount() == 0) {
      return new Received(t.id(), t.senderId(), t.createdAt(), null, null, null, Answer.UNREADABLE, null);
    }
    DocumentResponseType dr = ar.getDocumentResponseAtIndex(0);
    String catalogueId = dr.getDocumentReferenceCount() == 0 ? null : cut(dr.getDocumentReferenceAtIndex(0).getIDValue());
    ResponseType r = dr.getResponse();
    String code = r == null ? null : cut(r.getResponseCodeValue());
    Integer version = null;
    if (catalogueId != null) {
      version = store.sent(catalogueId).filter(s -> s.buyer().equalsIgnoreCase(t.senderId()))
          .map(CatalogueStore.Sent::version).orElse(null);
    }
    return new Received(t.id(), t.senderId(), t.createdAt(), catalogueId, version, code, Answer.of(code), reason(ar, r));
  }

  /** BIS Catalogue Response 3 carries the reason as the header's note; a richer UBL response in its Response. */
  private static String reason(ApplicationResponseType ar, ResponseType r) {
    List<String> parts = new ArrayList<>();
    ar.getNote().forEach(n -> {
      if (n.getValue() != null && !n.getValue().isBlank()) {
        parts.add(n.getValue().trim());
      }
    });
    if (r == null) {
      return parts.isEmpty() ? null : cut(String.join("; ", parts));
    }
    for (DescriptionType d : r.getDescription()) {
      if (d.getValue() != null && !d.getValue().isBlank()) {
        parts.add(d.getValue().trim());
      }
    }
    for (StatusType s : r.getStatus()) {
      s.getStatusReason().forEach(sr -> {
        if (sr.getValue() != null && !sr.getValue().isBlank()) {
          parts.add(sr.getValue().trim());
        }
      });
    }
    return parts.isEmpty() ? null : cut(String.join("; ", parts));
  }

  private static ApplicationResponseType parse(byte[] xml) {
    try {
      Document dom = SafeXml.documentBuilder().parse(new ByteArrayInputStream(xml));
      return UBL21Marshaller.applicationResponse().read(dom);
    } catch (Exception e) {
      return null; // shown as unreadable
    }
  }

  private static String cut(String s) {
    return s == null ? null : s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT) + "…" : s;
  }
}
