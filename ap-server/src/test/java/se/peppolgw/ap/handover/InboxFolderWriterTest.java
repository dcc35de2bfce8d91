package se.peppolgw.ap.handover;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.fs.SafeFiles;

/** The inbox folder writer never writes through a link planted in the shared folder. */
class InboxFolderWriterTest {
  @TempDir Path dir;

  @Test
  void plantedLinksAreReplacedNotFollowed() throws Exception {
    Path inbox = dir.resolve("inbox");
    InboxFolderWriter w = new InboxFolderWriter(inbox);
    Path victim = Files.writeString(dir.resolve("victim.txt"), "precious");
    Path victim2 = Files.writeString(dir.resolve("victim2.txt"), "precious too");
    // main wrote "<id>.xml" through the fixed temp name ".<id>.xml.tmp": this link overwrote victim
    Files.createSymbolicLink(inbox.resolve(".t1.xml.tmp"), victim);
    Files.createSymbolicLink(inbox.resolve("t1.json"), victim2);
    byte[] doc = "<Invoice/>".getBytes(StandardCharsets.UTF_8);
    byte[] meta = "{}".getBytes(StandardCharsets.UTF_8);

    w.write("t1", doc, meta);

    assertEquals("precious", Files.readString(victim));
    assertEquals("precious too", Files.readString(victim2));
    assertArrayEquals(doc, Files.readAllBytes(inbox.resolve("t1.xml")));
    assertFalse(Files.isSymbolicLink(inbox.resolve("t1.json")));
    assertArrayEquals(meta, Files.readAllBytes(inbox.resolve("t1.json")));
    if (SafeFiles.posix()) {
      assertEquals("rw-r-----", perms(inbox.resolve("t1.xml")));
      assertEquals("rwxr-x---", perms(inbox));
    }
  }

  @Test
  void anInboxFolderReplacedByALinkIsRefused() throws Exception {
    Path inbox = dir.resolve("inbox");
    InboxFolderWriter w = new InboxFolderWriter(inbox);
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    Files.delete(inbox);
    Files.createSymbolicLink(inbox, elsewhere);

    assertThrows(IOException.class, () -> w.write("t2", new byte[] {1}, new byte[] {2}));
    try (var files = Files.list(elsewhere)) {
      assertEquals(0, files.count(), "nothing written through the link");
    }
  }

  private static String perms(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
  }
}
