package se.peppolgw.ap.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.testkit.GatewayFixture;

/** Finding 10: after a local-mode start, no secret and no database file is readable by others. */
class LocalModeFilePermissionsTest {
  @TempDir Path dir;

  @Test
  void secretsAreOwnerOnlyAndTheirFoldersTooAfterALocalModeStart() throws Exception {
    assumeTrue(SafeFiles.posix(), "POSIX permissions only");
    try (GatewayFixture fx = new GatewayFixture(dir).start()) {
      assertTrue(fx.gateway().port() > 0, "the gateway listens before its files are looked at");
      Path data = dir.resolve("data");
      // on main: data 755, the token and password files 644, data/db 755
      assertEquals("rwx------", perms(data));
      assertEquals("rwx------", perms(data.resolve("db")));
      for (String f : List.of("local-api-token.txt", "local-operator-password.txt", "local-operator-token.txt")) {
        assertTrue(Files.isRegularFile(data.resolve(f)), f);
        assertEquals("rw-------", perms(data.resolve(f)), f);
      }
      assertEquals("rwx------", perms(dir.resolve("keystore")));
      try (var keys = Files.list(dir.resolve("keystore"))) {
        for (Path k : keys.filter(p -> p.toString().endsWith(".p12")).toList()) {
          assertEquals("rw-------", perms(k), k::toString);
        }
      }
      // H2 creates its own files with the umask; the folder keeps others out of all of them
      try (var db = Files.list(data.resolve("db"))) {
        assertFalse(db.toList().isEmpty(), "the H2 files are in data/db");
      }
    }
  }

  @Test
  void aSecretFileIsNotReadThroughALink() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Path elsewhere = Files.writeString(dir.resolve("elsewhere.txt"), "not-a-token");
    Files.createSymbolicLink(data.resolve("secret.txt"), elsewhere);
    assertThrowsIo(() -> SafeFiles.readOrCreateSecret(data.resolve("secret.txt"), () -> "fresh"));
    assertEquals("not-a-token", Files.readString(elsewhere));
  }

  private interface IoCall {
    void run() throws IOException;
  }

  private static void assertThrowsIo(IoCall c) {
    try {
      c.run();
    } catch (IOException expected) {
      return;
    }
    throw new AssertionError("expected an IOException for a link");
  }

  private static String perms(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
  }
}
