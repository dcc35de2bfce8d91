package se.peppolgw.ap.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Received business duplicates on an H2 file database. */
class H2BusinessDuplicateStoreTest extends BusinessDuplicateStoreContract {
  @TempDir static Path dir;

  @Override
  protected Database openDatabase() {
    return Database.open("jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "", 4);
  }
}
