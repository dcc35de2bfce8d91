package se.peppolgw.ap.cli;

/** Ends a command with one line on stderr and the given exit code. */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  final int exitCode;

  CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }
}
