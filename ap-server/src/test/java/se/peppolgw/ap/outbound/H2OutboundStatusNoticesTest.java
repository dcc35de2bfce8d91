package se.peppolgw.ap.outbound;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.store.Database;

/** The outbound status callbacks on an H2 file database, the embedded default. */
class H2OutboundStatusNoticesTest extends OutboundStatusNoticesContract {
  @TempDir static Path dir;

  @Override
  protected Database database() {
    return Database.open("jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "", 4);
  }
}
