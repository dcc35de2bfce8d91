package se.peppolgw.ap.fs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * File operations for every folder the gateway reads or writes (outbound folder, results, inbox,
 * data folder): symbolic links are never followed, new files are created exclusively under random
 * names and renamed into place, and files are created with their final permissions (on POSIX file
 * systems), never widened first and narrowed later.
 *
 * <p>Why: these folders are shared with the back office. Whoever can write to them could otherwise
 * plant a link named like a file the gateway writes (and make it overwrite any file the gateway
 * may write) or like a file it reads (and have it read, and echo, any file it may read).
 */
public final class SafeFiles {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  /** Owner read/write only: keys, tokens, passwords, database files. */
  public static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");
  /** Owner only: the folders holding them. */
  public static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");
  /**
   * Files handed to the back office (inbox, results): readable by the group that shares the
   * folder, by no one else. A folder the operator created beforehand keeps its own permissions.
   */
  public static final Set<PosixFilePermission> SHARED_FILE = PosixFilePermissions.fromString("rw-r-----");
  /** Folders shared with the back office when the gateway creates them. */
  public static final Set<PosixFilePermission> SHARED_DIR = PosixFilePermissions.fromString("rwxr-x---");

  private SafeFiles() {}

  /** True when the file system knows POSIX permissions (not on Windows). */
  public static boolean posix() {
    return POSIX;
  }

  /**
   * Creates a directory (and missing parents) whose new components get {@code perms}, and returns
   * its real path. A configured folder that is a link at start is the operator's choice and is
   * resolved here once; callers keep using the real path, so a link put in its place later is
   * refused by {@link #requireRealDirectory}.
   */
  public static Path createDirectories(Path dir, Set<PosixFilePermission> perms) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      if (POSIX) {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(perms));
      } else {
        Files.createDirectories(dir);
      }
    }
    Path real = dir.toRealPath();
    requireRealDirectory(real);
    return real;
  }

  /** Refuses a folder that is a symbolic link (e.g. replaced by one after start) or not a folder. */
  public static void requireRealDirectory(Path dir) throws IOException {
    BasicFileAttributes a = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (a.isSymbolicLink() || !a.isDirectory()) {
      throw new IOException(dir + " is " + (a.isSymbolicLink() ? "a symbolic link" : "not a folder")
          + "; refusing to use it");
    }
  }

  /** The attributes of the path itself (a link is not followed); empty when it does not exist. */
  public static Optional<BasicFileAttributes> attributes(Path p) {
    try {
      return Optional.of(Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** True for a regular file that is not a symbolic link. */
  public static boolean isPlainFile(Path p) {
    return attributes(p).map(BasicFileAttributes::isRegularFile).orElse(false);
  }

  /**
   * Reads a regular file without following a link, at most {@code maxBytes}; throws when the path
   * is a link or not a regular file, or when it is larger.
   */
  public static byte[] readPlainFile(Path p, long maxBytes) throws IOException {
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      // the open itself refuses a link; the channel's size is the opened file's, so no race
      if (ch.size() > maxBytes) {
        throw new IOException(p.getFileName() + " is larger than " + maxBytes + " bytes");
      }
      try (InputStream in = java.nio.channels.Channels.newInputStream(ch)) {
        byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (b.length > maxBytes) {
          throw new IOException(p.getFileName() + " is larger than " + maxBytes + " bytes");
        }
        return b;
      }
    }
  }

  /**
   * Writes a new file that must not exist yet (not even as a dangling link), with {@code perms}.
   */
  public static void createNew(Path target, byte[] content, Set<PosixFilePermission> perms) throws IOException {
    write(target, content, perms, StandardOpenOption.CREATE_NEW);
  }

  /**
   * Replaces {@code target} atomically: the content goes into a new file with a random name in the
   * same folder (created exclusively, with {@code perms}), is synced, and is renamed over the
   * target. A link at the target's name is replaced, never followed.
   */
  public static void replaceAtomically(Path target, byte[] content, Set<PosixFilePermission> perms)
      throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    requireRealDirectory(dir);
    Path tmp = dir.resolve("." + target.getFileName() + "." + randomHex() + ".tmp");
    try {
      write(tmp, content, perms, StandardOpenOption.CREATE_NEW);
      moveReplacing(tmp, target);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Renames, atomically where the file system can; the target name is replaced, not followed. */
  public static void moveReplacing(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
    }
  }

  /** Fsync of a folder, so that renames in it survive a crash (best effort: not everywhere possible). */
  public static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // not supported on every OS/file system; the renames are still atomic
    }
  }

  /**
   * A secret kept in a file of the private data folder (a generated token or password): read when
   * the file is there (never through a link; a warning when others may read it), else created
   * exclusively with mode 0600 in a folder created 0700.
   */
  public static String readOrCreateSecret(Path f, java.util.function.Supplier<String> fresh)
      throws IOException {
    createDirectories(f.toAbsolutePath().getParent(), PRIVATE_DIR);
    if (Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
      if (!isPlainFile(f)) {
        throw new IOException(
            f + " is a symbolic link or not a regular file; refusing to read a secret through it"
                + " (replace it with the file itself)");
      }
      String s = new String(readPlainFile(f, 64 * 1024), java.nio.charset.StandardCharsets.UTF_8).trim();
      warnIfOthersMayRead(f);
      return s;
    }
    String value = fresh.get();
    createNew(f, (value + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8), PRIVATE_FILE);
    return value;
  }

  /** Files written by older versions kept the umask's mode: say so (once per start) rather than chmod. */
  public static void warnIfOthersMayRead(Path p) {
    if (!POSIX) {
      return;
    }
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
      if (perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.GROUP_READ)
          || perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
        org.slf4j.LoggerFactory.getLogger(SafeFiles.class).warn(
            "{} is readable by others (mode {}); it holds secrets: chmod {} it",
            p, PosixFilePermissions.toString(perms), Files.isDirectory(p) ? "700" : "600");
      }
    } catch (IOException | UnsupportedOperationException ignored) {
      // nothing to say
    }
  }

  private static void write(Path f, byte[] content, Set<PosixFilePermission> perms, OpenOption create)
      throws IOException {
    FileAttribute<?>[] attrs =
        POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(perms)} : new FileAttribute<?>[0];
    try (FileChannel ch =
        FileChannel.open(
            f,
            Set.of(create, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
            attrs)) {
      ByteBuffer buf = ByteBuffer.wrap(content);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
  }

  private static String randomHex() {
    byte[] b = new byte[12];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
