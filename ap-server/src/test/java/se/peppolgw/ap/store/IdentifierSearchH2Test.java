package se.peppolgw.ap.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The identifier search on H2 (no trigram index: a partial search reads the list index). */
class IdentifierSearchH2Test extends IdentifierSearchContract {
  @TempDir static Path dir;

  @Override
  protected Database open() {
    return Database.open("jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "", 4);
  }
}
