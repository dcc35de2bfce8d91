package se.peppolgw.ap.handover;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes {@code <id>.xml} (the business document) and then {@code <id>.json} (its metadata) into
 * the inbox folder, each atomically: temp file, fsync, rename, fsync of the folder. The back office
 * may treat the appearance of the .json as "the document is complete". Writing the same id again
 * (after a crash between writing and recording it) replaces the files with identical content.
 */
public final class InboxFolderWriter {
  private final Path dir;

  public InboxFolderWriter(Path dir) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir);
  }

  public Path dir() {
    return dir;
  }

  public void write(String id, byte[] document, byte[] metadataJson) throws IOException {
    writeAtomically(dir.resolve(id + ".xml"), document);
    writeAtomically(dir.resolve(id + ".json"), metadataJson);
    syncDirectory();
  }

  private void writeAtomically(Path target, byte[] content) throws IOException {
    Path tmp = dir.resolve("." + target.getFileName() + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(content);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private void syncDirectory() {
    // Makes the renames durable on Linux; not supported everywhere, and then not needed.
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // best effort
    }
  }
}
