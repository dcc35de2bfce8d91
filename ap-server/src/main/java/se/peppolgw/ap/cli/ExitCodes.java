package se.peppolgw.ap.cli;

/** The exit codes of {@code ./gateway}, as docs/operations.md documents them. */
public final class ExitCodes {
  public static final int OK = 0;
  /** Not found, or not possible in the transmission's state. */
  public static final int NOT_FOUND = 1;
  /** Wrong command line, or a configuration the gateway refuses to start with. */
  public static final int USAGE = 2;
  public static final int UNREACHABLE = 3;
  public static final int NOT_ALLOWED = 4;

  private ExitCodes() {}
}
