package se.peppolgw.ap.desk.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;

/**
 * Renders the desk pages: jte templates under {@code ap-server/src/main/jte/desk}, compiled at build
 * time into {@code se.peppolgw.ap.templates} (content type HTML: every {@code ${...}} is escaped).
 */
final class DeskTemplates {
  private static final TemplateEngine ENGINE =
      TemplateEngine.createPrecompiled(null, ContentType.Html, DeskTemplates.class.getClassLoader(), "se.peppolgw.ap.templates");

  private DeskTemplates() {}

  /** @param template path under src/main/jte, e.g. {@code desk/order.jte} */
  static String render(String template, Object model) {
    StringOutput out = new StringOutput(16384);
    ENGINE.render(template, model, out);
    return out.toString();
  }
}
