package se.peppolgw.ap.ops.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;

/**
 * Renders ap-server's jte templates (the operator UI under {@code src/main/jte/ops}, the desk under
 * {@code src/main/jte/desk}), precompiled at build time into the package {@code se.peppolgw.ap.templates} (punchout's shop templates use jte's default
 * package, so both sets live on one class path). Content type HTML: every {@code ${...}} is escaped for
 * where it stands; this is the gateway's only HTML escaper.
 */
public final class Templates {
  private static final TemplateEngine ENGINE =
      TemplateEngine.createPrecompiled(null, ContentType.Html, Templates.class.getClassLoader(), "se.peppolgw.ap.templates");

  private Templates() {}

  /** @param template path under src/main/jte, e.g. {@code ops/dashboard.jte} */
  public static String render(String template, Object model) {
    StringOutput out = new StringOutput(8192);
    ENGINE.render(template, model, out);
    return out.toString();
  }

  /** For templates with several parameters. */
  public static String render(String template, java.util.Map<String, Object> params) {
    StringOutput out = new StringOutput(8192);
    ENGINE.render(template, params, out);
    return out.toString();
  }
}
