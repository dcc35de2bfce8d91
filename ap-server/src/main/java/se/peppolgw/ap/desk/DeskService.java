package se.peppolgw.ap.desk;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.desk.DeskInputException.FieldProblem;
import se.peppolgw.ap.ops.DocumentKinds;
import se.peppolgw.ap.outbound.OutboundRejection;
import se.peppolgw.ap.outbound.OutboundService;
import se.peppolgw.ap.outbound.RoutingOverrides;
import se.peppolgw.ap.outbound.SenderScope;
import se.peppolgw.ap.store.DeskStore;
import se.peppolgw.ap.store.DeskStore.ChainDocument;
import se.peppolgw.ap.store.DeskStore.ChainLine;
import se.peppolgw.ap.store.Direction;
import se.peppolgw.ap.store.PayloadKind;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionStore;
import se.peppolgw.ap.validation.ValidationFinding;
import se.peppolgw.punchout.catalogue.CatalogueItem;

/**
 * The supplier's desk: answers a received order with an order response, despatch advices,
 * invoices and credit notes. Each document is built from the order and its chain, submitted
 * through {@link OutboundService} like any outbound document (Peppol BIS validation, buyer rules,
 * outbox) and recorded in the order's chain.
 *
 * <p>Documents for one order are built one at a time (a lock per order on this node), so two
 * concurrent despatch advices cannot both take the last units of a line. The chain row is written
 * after the outbox accepted the document; should that write fail, the document is still sent and
 * the failure is logged with its transmission id.
 */
public final class DeskService {
  private static final Logger LOG = LoggerFactory.getLogger(DeskService.class);
  private final TransmissionStore store;
  private final DeskStore desk;
  private final OutboundService outbound;
  private final OrderResponseBuilder responses;
  private final DespatchAdviceBuilder despatches = new DespatchAdviceBuilder();
  private final BillingBuilder billing;
  private final SupplierSettings supplier;
  private final Clock clock;
  private final ZoneId zone;
  /** Striped locks: one order always maps to the same lock, and the number of locks is bounded. */
  private final Object[] locks = new Object[64];

  /** What the desk submitted. */
  public record Submitted(String transmissionId, String documentId, DeskDocumentKind kind, String answer) {}

  /** The order the caller named is not one the desk can answer. */
  public static final class NoSuchOrder extends Exception {
    private static final long serialVersionUID = 1L;

    NoSuchOrder(String message) {
      super(message);
    }
  }

  public DeskService(
      TransmissionStore store,
      DeskStore desk,
      OutboundService outbound,
      SupplierSettings supplier,
      Function<String, Optional<CatalogueItem>> catalogue,
      Clock clock,
      ZoneId zone) {
    this.store = store;
    this.desk = desk;
    this.outbound = outbound;
    this.responses = new OrderResponseBuilder(catalogue);
    this.billing = new BillingBuilder(supplier, catalogue);
    this.supplier = supplier;
    this.clock = clock;
    this.zone = zone;
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new Object();
    }
  }

  /** The order received in the transmission and the desk's documents for it. */
  public OrderChain chain(String orderTransmissionId, SenderScope scope) throws NoSuchOrder {
    ReceivedOrder order = order(orderTransmissionId, scope);
    return OrderChain.of(order, desk.chain(orderTransmissionId));
  }

  public Submitted respond(String orderTransmissionId, OrderResponseRequest req, SenderScope scope)
      throws NoSuchOrder, DeskInputException, OutboundRejection {
    return send(orderTransmissionId, req, scope);
  }

  public Submitted despatch(String orderTransmissionId, DespatchRequest req, SenderScope scope)
      throws NoSuchOrder, DeskInputException, OutboundRejection {
    return send(orderTransmissionId, req, scope);
  }

  public Submitted invoice(String orderTransmissionId, InvoiceRequest req, SenderScope scope)
      throws NoSuchOrder, DeskInputException, OutboundRejection {
    return send(orderTransmissionId, req, scope);
  }

  public Submitted creditNote(String orderTransmissionId, CreditNoteRequest req, SenderScope scope)
      throws NoSuchOrder, DeskInputException, OutboundRejection {
    return send(orderTransmissionId, req, scope);
  }

  /** Builds the document, submits it through the outbox and records it in the order's chain. */
  public Submitted send(String orderTransmissionId, DeskRequest req, SenderScope scope)
      throws NoSuchOrder, DeskInputException, OutboundRejection {
    return send(orderTransmissionId, req, scope, null);
  }

  /**
   * As {@link #send}, but only if the order's chain is still the one a preview was built from
   * ({@code previewedMark}, from {@link Preview#chainMark}): a document sent for the order in
   * between could change the number or content (the next response number, what remains to
   * deliver), and the clerk must not send something other than what was shown. Null: no check.
   *
   * @throws DeskInputException 409 when the chain moved since the preview
   */
  public Submitted send(String orderTransmissionId, DeskRequest req, SenderScope scope, String previewedMark)
      throws NoSuchOrder, DeskInputException, OutboundRejection {
    synchronized (lock(orderTransmissionId)) {
      OrderChain chain = chain(orderTransmissionId, scope);
      if (previewedMark != null && !previewedMark.equals(mark(chain))) {
        throw new DeskInputException(409, List.of(new FieldProblem("/",
            "the order changed since the preview (another document was sent for it): preview again")));
      }
      Built b = build(chain, req);
      return submit(b.chain(), b.document(), b.creditedInvoice(), b.articles(), scope);
    }
  }

  /** The order's chain as of now: its documents (by transmission id) and their states. */
  static String mark(OrderChain chain) {
    StringBuilder sb = new StringBuilder();
    for (ChainDocument d : chain.documents()) {
      sb.append(d.transmissionId()).append(':').append(OrderChain.counts(d)).append(';');
    }
    return Integer.toHexString(sb.toString().hashCode()) + "-" + chain.documents().size();
  }

  /**
   * A document built and checked (Peppol BIS and the buyer's rules) but neither stored nor sent.
   *
   * @param rejection why it would be refused, or null when it would be accepted
   */
  public record Preview(
      DeskDocument document, List<ValidationFinding> warnings, OutboundRejection rejection, String chainMark) {
    public Preview(DeskDocument document, List<ValidationFinding> warnings, OutboundRejection rejection) {
      this(document, warnings, rejection, null);
    }

    public boolean acceptable() {
      return rejection == null;
    }
  }

  /** What {@link #send} would submit, checked as the outbox would check it; nothing is stored. */
  public Preview preview(String orderTransmissionId, DeskRequest req, SenderScope scope)
      throws NoSuchOrder, DeskInputException {
    synchronized (lock(orderTransmissionId)) {
      Built b = build(chain(orderTransmissionId, scope), req);
      String mark = mark(b.chain());
      try {
        return new Preview(b.document(), outbound.check(b.document().xml(), c1(b.chain().order()), scope), null, mark);
      } catch (OutboundRejection r) {
        return new Preview(b.document(), List.of(), r, mark);
      }
    }
  }

  /** A built document with what its chain row needs. */
  private record Built(OrderChain chain, DeskDocument document, String creditedInvoice, Map<String, String> articles) {}

  private Built build(OrderChain chain, DeskRequest request) throws DeskInputException {
    if (request instanceof OrderResponseRequest req) {
      String id = req.responseId() != null && !req.responseId().isBlank()
          ? req.responseId().trim()
          : chain.order().orderNumber() + "-R" + (count(chain, DeskDocumentKind.ORDER_RESPONSE) + 1);
      DeskDocument d = responses.build(chain.order(), req, id, today());
      Map<String, String> articles = new LinkedHashMap<>();
      for (OrderResponseRequest.LineChange c : req.changes()) {
        if (c.substituteArticle() != null) {
          articles.put(c.lineId(), c.substituteArticle().trim());
        }
      }
      return new Built(chain, d, null, articles);
    }
    if (request instanceof DespatchRequest req) {
      String id = req.despatchId() != null && !req.despatchId().isBlank()
          ? req.despatchId().trim()
          : chain.order().orderNumber() + "-D" + (count(chain, DeskDocumentKind.DESPATCH_ADVICE) + 1);
      return new Built(chain, despatches.build(chain.order(), chain.progress(), req, id, today()), null, Map.of());
    }
    if (request instanceof InvoiceRequest req) {
      if (req.invoiceNumber() != null && findDocument(chain, DeskDocumentKind.INVOICE, req.invoiceNumber().trim()).isPresent()) {
        throw new DeskInputException(409, List.of(new FieldProblem("/invoiceNumber",
            "invoice " + req.invoiceNumber().trim() + " was already sent for this order")));
      }
      return new Built(chain, billing.invoice(chain.order(), chain.progress(), req, today()), null, Map.of());
    }
    CreditNoteRequest req = (CreditNoteRequest) request;
    if (req.invoiceNumber() == null || req.invoiceNumber().isBlank()) {
      throw DeskInputException.of("/invoiceNumber", "required: the number of the invoice credited");
    }
    String invoiceNumber = req.invoiceNumber().trim();
    ChainDocument invoice =
        findDocument(chain, DeskDocumentKind.INVOICE, invoiceNumber)
            .orElseThrow(() -> new DeskInputException(409, List.of(new FieldProblem("/invoiceNumber",
                "no invoice " + invoiceNumber + " was sent for order " + chain.order().orderNumber()))));
    Map<String, java.math.BigDecimal> credited = new LinkedHashMap<>();
    for (ChainDocument c : chain.documents()) {
      if (OrderChain.counts(c) && DeskDocumentKind.CREDIT_NOTE.name().equals(c.kind()) && invoiceNumber.equals(c.creditedInvoice())) {
        c.lines().forEach((k, v) -> credited.merge(k, v.quantity(), java.math.BigDecimal::add));
      }
    }
    InvoicedDocument invoiced =
        new InvoicedDocument(invoiceNumber, invoice.issueDate(), OrderChain.quantities(invoice), credited);
    return new Built(chain, billing.creditNote(chain.order(), chain.progress(), invoiced, req, today()), invoiceNumber, Map.of());
  }

  private Submitted submit(
      OrderChain chain, DeskDocument d, String creditedInvoice, Map<String, String> articles, SenderScope scope)
      throws OutboundRejection {
    OutboundService.Accepted a =
        outbound.submit(d.xml(), c1(chain.order()), false, "the desk (" + scope.submitter() + ")", scope);
    Map<String, ChainLine> lines = new LinkedHashMap<>();
    d.lineQuantities().forEach((k, v) -> lines.put(k, new ChainLine(v, articles.get(k))));
    try {
      desk.record(
          new ChainDocument(
              a.transmissionId(), chain.order().transmissionId(), d.kind().name(), d.documentId(), d.responseCode(),
              creditedInvoice, today(), scope.submitter(), null, null, lines));
    } catch (RuntimeException e) {
      LOG.error("Desk: {} {} was accepted as transmission {} but could not be recorded in the chain of order {}: {}",
          d.kind(), d.documentId(), a.transmissionId(), chain.order().orderNumber(), e.toString());
      throw e;
    }
    LOG.info("Desk: {} {} for order {} submitted as transmission {} by {}",
        d.kind(), d.documentId(), chain.order().orderNumber(), a.transmissionId(), scope.submitter());
    return new Submitted(a.transmissionId(), d.documentId(), d.kind(), a.answer());
  }

  /** The order, when it was received for a participant the caller may answer for. */
  /**
   * The sender's country for the SBDH: an order response or despatch advice carries no seller
   * address, so it comes from the order's seller address, else from the supplier's VAT id.
   */
  private RoutingOverrides c1(ReceivedOrder order) {
    String country = null;
    if (order.seller() != null && order.seller().getPostalAddress() != null
        && order.seller().getPostalAddress().getCountry() != null) {
      country = order.seller().getPostalAddress().getCountry().getIdentificationCodeValue();
    }
    if (country == null && supplier.vatId().isPresent() && supplier.vatId().get().length() >= 2) {
      country = supplier.vatId().get().substring(0, 2);
    }
    return country == null ? RoutingOverrides.NONE : RoutingOverrides.from(Map.of(RoutingOverrides.COUNTRY_C1, country));
  }

  private ReceivedOrder order(String transmissionId, SenderScope scope) throws NoSuchOrder {
    Optional<Transmission> t = store.find(transmissionId);
    if (t.isEmpty() || t.get().direction() != Direction.IN || !"order".equals(DocumentKinds.alias(t.get().documentTypeId()))
        || !scope.allows(t.get().receiverId())) {
      throw new NoSuchOrder("No received order in transmission " + transmissionId);
    }
    byte[] document =
        store.payload(transmissionId, PayloadKind.DOCUMENT)
            .orElseThrow(() -> new NoSuchOrder("The order of transmission " + transmissionId + " is no longer stored"));
    try {
      return ReceivedOrder.read(transmissionId, document);
    } catch (ReceivedOrder.Unreadable e) {
      throw new NoSuchOrder("The order of transmission " + transmissionId + " cannot be answered: " + e.getMessage());
    }
  }

  private static long count(OrderChain chain, DeskDocumentKind kind) {
    return chain.documents().stream().filter(d -> kind.name().equals(d.kind())).count();
  }

  private static Optional<ChainDocument> findDocument(OrderChain chain, DeskDocumentKind kind, String documentId) {
    return chain.documents().stream()
        .filter(d -> OrderChain.counts(d) && kind.name().equals(d.kind()) && documentId.equals(d.documentId()))
        .findFirst();
  }

  private Object lock(String orderTransmissionId) {
    return locks[Math.floorMod(orderTransmissionId.hashCode(), locks.length)];
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), zone);
  }
}
