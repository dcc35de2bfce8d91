package se.peppolgw.ap.desk.web;

import se.peppolgw.ap.ops.web.Templates;

/** Renders the desk pages (jte templates under {@code ap-server/src/main/jte/desk}) with the gateway's one engine. */
final class DeskTemplates {
  private DeskTemplates() {}

  /** @param template path under src/main/jte, e.g. {@code desk/order.jte} */
  static String render(String template, Object model) {
    return Templates.render(template, model);
  }
}
