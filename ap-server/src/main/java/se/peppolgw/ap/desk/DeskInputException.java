package se.peppolgw.ap.desk;

import java.util.List;

/**
 * A desk request that cannot be turned into a document: each problem names the field (a JSON
 * pointer into the request, e.g. {@code /lines/2/quantity}) and says what is wrong. Nothing was
 * built or stored.
 */
public final class DeskInputException extends Exception {
  private static final long serialVersionUID = 1L;

  /** One problem with one field of the request. */
  public record FieldProblem(String field, String problem) {}

  private final transient List<FieldProblem> problems;
  private final int status;

  public DeskInputException(int status, List<FieldProblem> problems) {
    super(problems.isEmpty() ? "invalid request" : problems.get(0).field() + ": " + problems.get(0).problem());
    this.status = status;
    this.problems = List.copyOf(problems);
  }

  public static DeskInputException of(String field, String problem) {
    return new DeskInputException(400, List.of(new FieldProblem(field, problem)));
  }

  /** 400 for a malformed request, 409 for one that contradicts the order's chain. */
  public int status() {
    return status;
  }

  public List<FieldProblem> problems() {
    return problems;
  }
}
