package se.peppolgw.ap.desk.web;

import java.util.Map;

/**
 * What a clerk typed into one of an order's forms and what was wrong with it, per form field, so
 * the page shows each problem beside its field and keeps the values.
 *
 * @param form the form submitted, or null when the page is shown fresh
 */
public record FormState(DeskForm form, Map<String, String> values, Map<String, String> problems) {
  public static final FormState NONE = new FormState(null, Map.of(), Map.of());

  public FormState {
    values = Map.copyOf(values);
    problems = Map.copyOf(problems);
  }

  /** The value to show in {@code f}'s field {@code name}: what was typed, else {@code fallback}. */
  public String value(DeskForm f, String name, String fallback) {
    return f == form && values.containsKey(name) ? values.get(name) : fallback;
  }

  /** The problem with {@code f}'s field {@code name}, or null. */
  public String problem(DeskForm f, String name) {
    return f == form ? problems.get(name) : null;
  }

  public boolean hasProblems(DeskForm f) {
    return f == form && !problems.isEmpty();
  }

  public boolean open(DeskForm f) {
    return f == form;
  }
}
