package se.peppolgw.ap.ops.web;

import se.peppolgw.ap.ops.security.Operator;
import se.peppolgw.ap.ops.security.OperatorRole;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** HTML building blocks: escaping and the page frame. */
public final class Html {
  private Html() {}

  static String esc(Object o) {
    if (o == null) {
      return "";
    }
    String s = o.toString();
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  static String url(String s) {
    return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
  }

  /** The page frame: title, navigation (with access keys), local-mode banner, body. */
  static String page(String title, Operator op, boolean localMode, String active, String body) {
    StringBuilder sb = new StringBuilder(body.length() + 2048);
    sb.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>").append(esc(title)).append(" · Gateway operations</title>")
        .append("<link rel=\"stylesheet\" href=\"/ops/static/ops.css\"></head><body>");
    if (localMode) {
      sb.append("<div class=\"banner\" role=\"alert\">LOCAL MODE: dev certificates, static routing —"
          + " not connected to the Peppol network</div>");
    }
    if (op != null) {
      sb.append("<nav><a class=\"brand\" href=\"/ops/\">Gateway</a>");
      nav(sb, "/ops/", "Dashboard", "d", active);
      nav(sb, "/ops/transmissions", "Transmissions", "t", active);
      nav(sb, "/ops/chain", "Document chain", "c", active);
      nav(sb, "/ops/punchout", "Punch-out", "p", active);
      nav(sb, "/ops/reporting", "Reporting", "r", active);
      if (op.may(OperatorRole.ADMIN)) {
        nav(sb, "/ops/audit", "Audit", "a", active);
      }
      sb.append("<form class=\"search\" method=\"get\" action=\"/ops/transmissions\">")
          .append("<input name=\"q\" accesskey=\"s\" placeholder=\"Find any id (Alt+S)\" aria-label=\"Find\"></form>")
          .append("<span class=\"who\">").append(esc(op.name())).append(" (").append(op.role().label())
          .append(")</span></nav>");
    }
    sb.append("<main>").append(body).append("</main></body></html>");
    return sb.toString();
  }

  private static void nav(StringBuilder sb, String href, String label, String key, String active) {
    sb.append("<a href=\"").append(href).append("\" accesskey=\"").append(key).append('"')
        .append(label.equals(active) ? " aria-current=\"page\"" : "").append('>').append(label).append("</a>");
  }

  static final String CSS =
      """
      :root{--fg:#1d2330;--mut:#5b6475;--bg:#f6f7f9;--card:#fff;--line:#dde1e7;--good:#17703a;--bad:#b3261e;--wait:#8a5a00;--acc:#1f5fbf}
      *{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
      .banner{background:#ffd54f;color:#3b2f00;text-align:center;font-weight:600;padding:4px}
      nav{display:flex;gap:14px;align-items:center;background:#1d2330;padding:8px 16px;flex-wrap:wrap}
      nav a{color:#cfd6e4;text-decoration:none}nav a[aria-current]{color:#fff;font-weight:600;border-bottom:2px solid #8fb4ff}
      nav .brand{color:#fff;font-weight:700}nav .who{color:#9aa5b8;margin-left:auto}
      nav .search input{width:26em;padding:4px 8px;border-radius:4px;border:0}
      main{max-width:1280px;margin:0 auto;padding:16px}
      h1{font-size:1.4em;margin:.2em 0 .6em}h2{font-size:1.1em;margin:1.2em 0 .4em}
      a{color:var(--acc)}a:focus,button:focus,input:focus,select:focus,textarea:focus{outline:3px solid #8fb4ff;outline-offset:1px}
      table{border-collapse:collapse;width:100%;background:var(--card)}th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
      th{background:#eef1f5;font-weight:600;font-size:.92em}td.num,th.num{text-align:right}tr:hover td{background:#f3f6fb}
      .mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em;word-break:break-all}
      .ts{white-space:nowrap;word-break:normal}
      .card{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:12px 16px;margin-bottom:14px}
      .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(220px,1fr));gap:12px}
      .big{font-size:1.6em;font-weight:700}.mut{color:var(--mut)}
      .verdict{border-left:6px solid var(--mut);padding:10px 14px;background:var(--card);margin-bottom:14px;font-size:1.08em}
      .verdict.good{border-color:var(--good)}.verdict.bad{border-color:var(--bad)}.verdict.wait{border-color:var(--wait)}
      .st{display:inline-block;padding:0 6px;border-radius:3px;font-size:.85em;font-weight:600;background:#e6e9ef}
      .st.DELIVERED,.st.HANDED_OVER,.st.ACKNOWLEDGED,.st.RECEIVED{background:#dcf1e3;color:var(--good)}
      .st.FAILED,.st.REJECTED,.st.CANCELLED{background:#fbe0de;color:var(--bad)}.st.PENDING,.st.SENDING,.st.RETRY_WAIT{background:#fdf0d5;color:var(--wait)}
      form.filters{display:flex;gap:8px;flex-wrap:wrap;align-items:end;margin-bottom:12px}
      form.filters label{display:flex;flex-direction:column;font-size:.85em;color:var(--mut)}
      input,select,textarea,button{font:inherit;padding:4px 6px}button{cursor:pointer;border:1px solid #9aa5b8;border-radius:4px;background:#fff}
      button.primary{background:var(--acc);color:#fff;border-color:var(--acc)}
      .actions form{display:inline-block;margin-right:8px}dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:0}dt{color:var(--mut)}dd{margin:0}
      .msg{padding:8px 12px;border-radius:4px;margin-bottom:12px}.msg.ok{background:#dcf1e3}.msg.err{background:#fbe0de}
      pre{white-space:pre-wrap;background:#f0f2f5;padding:8px;max-height:24em;overflow:auto}
      .totals{margin-top:10px}form.logout{margin-top:2em}
      .login{max-width:360px;margin:10vh auto}.login input{width:100%;margin-bottom:10px}
      """;
}
