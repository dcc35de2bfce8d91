package se.peppolgw.ap.catalogue;

import java.util.List;
import java.util.stream.Collectors;

/** An uploaded catalogue that cannot be read: every problem found, per row and field. */
public final class CatalogueUploadException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient List<UploadProblem> problems;

  public CatalogueUploadException(List<UploadProblem> problems) {
    super(problems.stream().limit(5).map(UploadProblem::message).collect(Collectors.joining("; "))
        + (problems.size() > 5 ? "; …" : ""));
    this.problems = List.copyOf(problems);
  }

  public static CatalogueUploadException of(String where, String problem) {
    return new CatalogueUploadException(List.of(new UploadProblem(where, problem)));
  }

  public List<UploadProblem> problems() {
    return problems;
  }
}
