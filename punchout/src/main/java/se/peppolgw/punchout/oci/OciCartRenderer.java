package se.peppolgw.punchout.oci;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import se.peppolgw.punchout.buyer.BuyerProfile;
import se.peppolgw.punchout.buyer.BuyerProfile.HookUrlQuery;
import se.peppolgw.punchout.buyer.BuyerProfile.OciOptions;
import se.peppolgw.punchout.cart.CartLine;
import se.peppolgw.punchout.cart.LineProblem;
import se.peppolgw.punchout.cart.field.LineField;
import se.peppolgw.punchout.cart.field.OciPlace;
import se.peppolgw.punchout.session.PunchoutSession;
import se.peppolgw.punchout.transfer.CartRenderer;
import se.peppolgw.punchout.transfer.FormField;
import se.peppolgw.punchout.transfer.ReturnForm;

/**
 * OCI 3.0 / 4.0 inbound section: {@code NEW_ITEM-<FIELD>[n]} fields (n from 1), long text as
 * {@code NEW_ITEM-LONGTEXT_n:132[]}, the call-up's {@code ~OkCode}, {@code ~TARGET}, {@code ~CALLER} echoed.
 * The article name goes to DESCRIPTION cut to 40 characters; the full name then leads the long text.
 * Identifiers are never cut: an article number or unit too long for its field stops the transfer.
 */
public final class OciCartRenderer implements CartRenderer {
  private static final int DESCRIPTION_LEN = 40;
  private static final int MAX_INTEGER_DIGITS = 11;

  @Override
  public List<LineProblem> check(PunchoutSession session, List<CartLine> lines) {
    List<LineProblem> problems = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      CartLine l = lines.get(i);
      int n = i + 1;
      if (l.articleNumber() != null && length(l.articleNumber()) > 40) {
        problems.add(new LineProblem(n, l.articleNumber(), "articleNumber", "article number longer than 40 characters (OCI VENDORMAT)"));
      }
      if (l.unit() != null && l.unit().length() > 3) {
        problems.add(new LineProblem(n, l.articleNumber(), "unit", "unit longer than 3 characters (OCI UNIT)"));
      }
      if (l.price() != null && integerDigits(l.price()) > MAX_INTEGER_DIGITS) {
        problems.add(new LineProblem(n, l.articleNumber(), "price", "price too large for OCI (max 11 integer digits)"));
      }
      if (l.quantity() != null && integerDigits(l.quantity()) > MAX_INTEGER_DIGITS) {
        problems.add(new LineProblem(n, l.articleNumber(), "quantity", "quantity too large for OCI"));
      }
      for (Map.Entry<LineField, String> d : l.details().present().entrySet()) {
        Optional<OciPlace> place = d.getKey().oci();
        if (place.isPresent() && length(d.getValue()) > place.get().maxLength()) {
          problems.add(new LineProblem(n, l.articleNumber(), d.getKey().json(), d.getKey().words() + " longer than "
              + place.get().maxLength() + " characters (OCI " + place.get().name() + ")"));
        }
      }
    }
    return problems;
  }

  @Override
  public ReturnForm render(PunchoutSession session, List<CartLine> lines) {
    BuyerProfile buyer = session.buyer();
    OciOptions opt = buyer.oci();
    OciVersion version = OciVersion.of(buyer.protocolVersion());
    boolean emitEmpty = opt.emitEmptyOptionalFields();
    List<FormField> fields = new ArrayList<>(lines.size() * 14 + 8);

    String action = session.returnUrl();
    if (opt.hookUrlQuery() == HookUrlQuery.AS_HIDDEN_FIELDS) {
      URI uri = URI.create(action);
      if (uri.getRawQuery() != null) {
        action = action.substring(0, action.indexOf('?'));
        for (String pair : uri.getRawQuery().split("&")) {
          if (pair.isEmpty()) {
            continue;
          }
          int eq = pair.indexOf('=');
          String name = decode(eq < 0 ? pair : pair.substring(0, eq));
          String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
          fields.add(new FormField(name, value));
        }
      }
    }
    for (Map.Entry<String, String> echo : session.ociEcho().entrySet()) {
      fields.add(new FormField(echo.getKey(), echo.getValue()));
    }

    for (int i = 0; i < lines.size(); i++) {
      CartLine l = lines.get(i);
      int n = i + 1;
      String name = l.name();
      boolean cut = length(name) > DESCRIPTION_LEN;
      OciPrice price = OciPrice.of(l.price(), version);
      add(fields, "DESCRIPTION", n, cut ? truncate(name, DESCRIPTION_LEN) : name, false, emitEmpty);
      add(fields, "VENDORMAT", n, l.articleNumber(), false, emitEmpty);
      add(fields, "QUANTITY", n, OciPrice.formatQuantity(l.quantity()), false, emitEmpty);
      add(fields, "UNIT", n, l.unit(), false, emitEmpty);
      add(fields, "PRICE", n, OciPrice.formatPrice(price.price()), false, emitEmpty);
      add(fields, "CURRENCY", n, l.currency(), false, emitEmpty);
      add(fields, "PRICEUNIT", n, price.priceUnit().compareTo(BigDecimal.ONE) == 0 ? null : price.priceUnit().toPlainString(), true, emitEmpty);
      add(fields, "LEADTIME", n, l.leadTimeDays() == null ? null : String.valueOf(l.leadTimeDays()), true, emitEmpty);
      add(fields, "VENDOR", n, opt.vendorNumber(), true, emitEmpty);
      for (LineField f : LineField.values()) {
        if (f.oci().isPresent()) {
          add(fields, f.oci().get().name(), n, l.detail(f), true, emitEmpty);
        }
      }
      add(fields, "EXT_PRODUCT_ID", n, l.articleNumber(), true, emitEmpty);
      addUnspsc(fields, opt, n, l.unspsc(), emitEmpty);
      add(fields, opt.vatRateField(), n, l.vatRate() == null ? null : l.vatRate().stripTrailingZeros().toPlainString(), false, emitEmpty);
      String longText = longText(l, cut);
      if (longText != null || emitEmpty) {
        fields.add(new FormField("NEW_ITEM-LONGTEXT_" + n + ":132[]", longText == null ? "" : longText));
      }
    }
    return new ReturnForm(action, session.returnTarget(), session.charset(), fields,
        "text/x-oci-form", FormEncoding.encode(action, fields));
  }

  private static void addUnspsc(List<FormField> fields, OciOptions opt, int n, String unspsc, boolean emitEmpty) {
    String target = opt.unspscField();
    if ("NONE".equals(target)) {
      return;
    }
    add(fields, target, n, unspsc, true, emitEmpty);
    if (target.startsWith("EXT_CATEGORY") && (unspsc != null || emitEmpty)) {
      // EXT_SCHEMA_TYPE is required whenever an EXT_CATEGORY field is filled
      add(fields, "EXT_SCHEMA_TYPE", n, unspsc == null ? null : "UNSPSC", true, emitEmpty);
    }
  }

  private static String longText(CartLine l, boolean nameCut) {
    String desc = l.longDescription() == null || l.longDescription().isBlank() ? null : l.longDescription();
    if (nameCut) {
      return desc == null ? l.name() : l.name() + "\n" + desc;
    }
    return desc;
  }

  private static void add(List<FormField> fields, String field, int n, String value, boolean optional, boolean emitEmpty) {
    if (value == null || value.isEmpty()) {
      if (!optional || emitEmpty) {
        fields.add(new FormField("NEW_ITEM-" + field + "[" + n + "]", ""));
      }
      return;
    }
    fields.add(new FormField("NEW_ITEM-" + field + "[" + n + "]", value));
  }

  private static int length(String s) {
    return s == null ? 0 : s.codePointCount(0, s.length());
  }

  /** Cuts at a code point boundary, never inside a surrogate pair. */
  static String truncate(String s, int codePoints) {
    return s.substring(0, s.offsetByCodePoints(0, codePoints));
  }

  private static int integerDigits(BigDecimal v) {
    return Math.max(1, v.precision() - v.scale());
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
