package se.peppolgw.ap.ops.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import se.peppolgw.ap.ops.security.OpsAuth.Caller;

/** {@code /ops/chain?order=}: every document that mentions an order number, and what is missing. */
public final class ChainPage {
  /** The model of ops/chain.jte; {@code chain} null before a search. */
  public record View(String order, DocumentChain chain) {}

  private final OpsContext ctx;
  private final PageWriter pages;

  ChainPage(OpsContext ctx, PageWriter pages) {
    this.ctx = ctx;
    this.pages = pages;
  }

  void get(Caller c, HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String order = FilterParams.single(req, "order");
    DocumentChain chain = order == null ? null : DocumentChain.of(order, ctx.service().links().chain(order));
    pages.write(resp, 200, "ops/chain.jte", pages.frame(c, "Document chain", "Document chain"), new View(order, chain));
  }
}
