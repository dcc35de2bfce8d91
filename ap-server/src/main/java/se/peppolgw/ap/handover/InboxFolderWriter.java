package se.peppolgw.ap.handover;

import java.io.IOException;
import java.nio.file.Path;
import se.peppolgw.ap.fs.SafeFiles;

/**
 * Writes {@code <id>.xml} (the business document) and then {@code <id>.json} (its metadata) into
 * the inbox folder, each atomically: a new temp file with a random name, fsync, rename, fsync of
 * the folder. The back office may treat the appearance of the .json as "the document is complete".
 * Writing the same id again (after a crash between writing and recording it) replaces the files
 * with identical content.
 *
 * <p>Links are never followed: a link planted under a document's name (or a temp name) is
 * replaced by the rename, not written through, and an inbox folder replaced by a link is refused.
 * The folder is created 0750 and the files 0640 (owner and the back office's group), see README.
 */
public final class InboxFolderWriter {
  private final Path dir;

  public InboxFolderWriter(Path dir) throws IOException {
    this.dir = SafeFiles.createDirectories(dir, SafeFiles.SHARED_DIR);
  }

  public Path dir() {
    return dir;
  }

  /** Whether the back office has left {@code <id>.xml} in place (a link there does not count). */
  public boolean holds(String id) {
    return java.nio.file.Files.exists(dir.resolve(id + ".xml"), java.nio.file.LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * Removes a document's files (acknowledged another way): the .json first, so that nobody sees a
   * "complete" marker without its document. Missing files are fine.
   */
  public void remove(String id) throws IOException {
    java.nio.file.Files.deleteIfExists(dir.resolve(id + ".json"));
    java.nio.file.Files.deleteIfExists(dir.resolve(id + ".xml"));
  }

  public void write(String id, byte[] document, byte[] metadataJson) throws IOException {
    SafeFiles.replaceAtomically(dir.resolve(id + ".xml"), document, SafeFiles.SHARED_FILE);
    SafeFiles.replaceAtomically(dir.resolve(id + ".json"), metadataJson, SafeFiles.SHARED_FILE);
    SafeFiles.syncDirectory(dir);
  }
}
