package se.peppolgw.ap.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The public example documents in ../shared/testdata (found via the gateway.shared.dir property). */
public final class SharedTestData {
  private SharedTestData() {}

  public static Path dir() {
    String p = System.getProperty("gateway.shared.dir");
    Path base = p != null ? Path.of(p) : Path.of("..", "..", "shared");
    if (!Files.isDirectory(base)) {
      base = Path.of("..", "shared");
    }
    return base.resolve("testdata").toAbsolutePath().normalize();
  }

  public static byte[] read(String relative) {
    try {
      return Files.readAllBytes(dir().resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException("test data " + relative + " missing under " + dir(), e);
    }
  }

  public static final String INVOICE = "peppol-bis/billing/base-example.xml";
  public static final String CREDIT_NOTE = "peppol-bis/billing/base-creditnote-correction.xml";
  public static final String ORDER = "peppol-bis/poacc/Order_Example.xml";
}
