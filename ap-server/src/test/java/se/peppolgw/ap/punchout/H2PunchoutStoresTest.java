package se.peppolgw.ap.punchout;

import java.nio.file.Path;
import se.peppolgw.ap.store.Database;

/** The punch-out stores on H2 (the single-node default). */
class H2PunchoutStoresTest extends PunchoutStoresContract {
  @Override
  protected Database openDatabase(Path dir) {
    return Database.open("jdbc:h2:file:" + dir.resolve("db"), "sa", "", 8);
  }
}
