package se.peppolgw.ap.catalogue;

/**
 * One article breaking one catalogue rule.
 *
 * @param articleNumber the article, or its position ("#3") when it has no number
 * @param value what the catalogue says (null when missing)
 */
public record CatalogueProblem(String articleNumber, CatalogueRule rule, String value) {
  public String message() {
    return rule.id() + " " + articleNumber + " " + rule.field() + (value == null ? " missing" : " '" + value + "'")
        + ": " + rule.requirement();
  }
}
