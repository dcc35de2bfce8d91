package se.peppolgw.ap.ops.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import se.peppolgw.ap.peppol.DocumentTypeAliases;
import se.peppolgw.ap.store.TransmissionState;

/** The transmission list's filter form as the request filled it in (model of field/filterForm.jte). */
public record FilterForm(
    String reportingMonth, String reportingSp, List<Option> directions, List<Option> states,
    List<Option> documentTypes, String counterpart, String from, String to, String q,
    boolean businessDuplicatesOnly) {

  /** One option of a select; {@code selected} when the request asked for it. */
  public record Option(String value, String label, boolean selected) {}

  static FilterForm of(HttpServletRequest req, boolean reporting, boolean businessDuplicatesOnly) {
    List<Option> directions = options(req, "direction", List.of(
        new String[] {"", "any"}, new String[] {"in", "inbound"}, new String[] {"out", "outbound"}));
    List<String[]> states = new ArrayList<>();
    states.add(new String[] {"", "any"});
    states.add(new String[] {"FAILED_ALL", "failed or rejected"});
    states.add(new String[] {"PENDING_ALL", "pending (not yet delivered)"});
    for (TransmissionState s : TransmissionState.values()) {
      states.add(new String[] {s.name(), s.name().toLowerCase(Locale.ROOT)});
    }
    List<String[]> types = new ArrayList<>();
    types.add(new String[] {"", "any"});
    DocumentTypeAliases.all().keySet().stream().sorted().forEach(a -> types.add(new String[] {a, a}));
    return new FilterForm(
        reporting ? req.getParameter("reportingMonth") : null,
        reporting ? FilterParams.blank(req.getParameter("reportingSp")) : null,
        directions, options(req, "state", states), options(req, "documentType", types),
        req.getParameter("counterpart"), req.getParameter("from"), req.getParameter("to"), req.getParameter("q"),
        businessDuplicatesOnly);
  }

  private static List<Option> options(HttpServletRequest req, String name, List<String[]> values) {
    String chosen = req.getParameter(name) == null ? "" : req.getParameter(name);
    return values.stream().map(v -> new Option(v[0], v[1], v[0].equalsIgnoreCase(chosen))).toList();
  }
}
