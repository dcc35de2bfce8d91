package se.peppolgw.ap.ops;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.store.Database;

class TransmissionQueryH2Test extends TransmissionQueryContract {
  @TempDir static Path dir;

  @Override
  protected Database open() {
    return Database.open("jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "", 4);
  }
}
