package se.peppolgw.ap.desk;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.outbound.OutboundRejection;
import se.peppolgw.ap.outbound.OutboundService;
import se.peppolgw.ap.outbound.RoutingOverrides;
import se.peppolgw.ap.outbound.SenderScope;

/**
 * Order agreements for call-offs made by phone or in the web shop: built from the catalogue,
 * checked like every outbound document (Peppol BIS Order Agreement 3, the buyer's rules) and
 * submitted through the outbox from the supplier's participant.
 */
public final class OrderAgreements {
  private static final Logger LOG = LoggerFactory.getLogger(OrderAgreements.class);
  private final OutboundService outbound;
  private final OrderAgreementBuilder builder;
  private final SupplierSettings supplier;
  private final String seller;
  private final Clock clock;
  private final ZoneId zone;

  /** @param seller the participant the agreements are sent from (the first one this gateway serves) */
  public OrderAgreements(
      OutboundService outbound, OrderAgreementBuilder builder, SupplierSettings supplier, String seller, Clock clock) {
    this.outbound = outbound;
    this.builder = builder;
    this.supplier = supplier;
    this.seller = seller;
    this.clock = clock;
    this.zone = supplier.zone();
  }

  public DeskService.Submitted send(OrderAgreementRequest req, SenderScope scope)
      throws DeskInputException, OutboundRejection {
    DeskDocument d = build(req);
    OutboundService.Accepted a = outbound.submit(d.xml(), c1(), false, "the desk (" + scope.submitter() + ")", scope);
    LOG.info("Desk: order agreement {} for call-off {} of {} submitted as transmission {} by {}",
        d.documentId(), req.orderReference(), req.buyer(), a.transmissionId(), scope.submitter());
    return new DeskService.Submitted(a.transmissionId(), d.documentId(), d.kind(), a.answer());
  }

  public DeskService.Preview preview(OrderAgreementRequest req, SenderScope scope) throws DeskInputException {
    DeskDocument d = build(req);
    try {
      return new DeskService.Preview(d, outbound.check(d.xml(), c1(), scope), null);
    } catch (OutboundRejection r) {
      return new DeskService.Preview(d, List.of(), r);
    }
  }

  private DeskDocument build(OrderAgreementRequest req) throws DeskInputException {
    if (seller == null) {
      throw new DeskInputException(409, List.of(new DeskInputException.FieldProblem("/",
          "this gateway serves no participant (gateway.participants) to send an order agreement from")));
    }
    return builder.build(req, seller, LocalDate.ofInstant(clock.instant(), zone));
  }

  /** The SBDH's sender country: from the supplier's VAT id (an agreement carries no seller address). */
  private RoutingOverrides c1() {
    return supplier.vatId().filter(v -> v.length() >= 2)
        .map(v -> RoutingOverrides.from(Map.of(RoutingOverrides.COUNTRY_C1, v.substring(0, 2))))
        .orElse(RoutingOverrides.NONE);
  }
}
