package se.peppolgw.ap.testkit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * An H2 file system ({@code jdbc:h2:instrumented:/path/db}) that passes everything to the real
 * disk and writes down, in one numbered sequence, what happens to the database file: each write
 * (and which watched strings it carried) and each {@code force}. Tests add their own events to the
 * same sequence ({@link Journal#mark}) to prove an order, e.g. "forced before the receipt left".
 * It can also play a full disk: writes then fail as the kernel's ENOSPC would.
 */
public final class InstrumentedH2Files extends FilePathWrapper {
  public static final String SCHEME = "instrumented";
  private static volatile Journal journal = new Journal();

  /** Registers the file system with H2 (idempotent) and starts a fresh journal. */
  public static synchronized Journal install() {
    FilePath.register(new InstrumentedH2Files());
    journal = new Journal();
    return journal;
  }

  /** The JDBC URL of an H2 database at {@code path} on this file system. */
  public static String url(java.nio.file.Path path) {
    return "jdbc:h2:" + SCHEME + ":" + path.toAbsolutePath();
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public FileChannel open(String mode) throws IOException {
    return new Channel(name, getBase().open(mode));
  }

  /** What happened to the database files, in order. */
  public static final class Journal {
    private long sequence;
    private final List<String> watched = new ArrayList<>();
    private final Map<String, Long> firstWritten = new HashMap<>();
    private final List<Long> forcesAt = new ArrayList<>();
    private volatile boolean diskFull;

    /** Writes carrying this string from now on are noted ({@link #firstWritten}). */
    public synchronized void watch(String text) {
      watched.add(text);
    }

    /** Adds an event of the test's own to the sequence and returns its number. */
    public synchronized long mark() {
      return ++sequence;
    }

    /** Number of the first write of a database file that carried the watched text, or -1. */
    public synchronized long firstWritten(String text) {
      return firstWritten.getOrDefault(text, -1L);
    }

    /** True when the file was forced after event {@code from} and before event {@code to}. */
    public synchronized boolean forcedBetween(long from, long to) {
      return forcesAt.stream().anyMatch(f -> f > from && f < to);
    }

    public synchronized int forces() {
      return forcesAt.size();
    }

    /** From now on every write fails as on a full disk (reads and forces still work). */
    public void diskFull(boolean full) {
      diskFull = full;
    }

    private void beforeWrite(String file, ByteBuffer data) throws IOException {
      if (diskFull) {
        throw new IOException("No space left on device");
      }
      if (!file.endsWith(".mv.db")) {
        return;
      }
      byte[] bytes = new byte[data.remaining()];
      data.duplicate().get(bytes);
      String text = new String(bytes, StandardCharsets.ISO_8859_1);
      synchronized (this) {
        long n = ++sequence;
        for (String w : watched) {
          if (!firstWritten.containsKey(w) && text.contains(w)) {
            firstWritten.put(w, n);
          }
        }
      }
    }

    private synchronized void forced(String file) {
      if (file.endsWith(".mv.db")) {
        forcesAt.add(++sequence);
      }
    }
  }

  /** Passes every call to the real channel; notes writes and forces in the journal. */
  private static final class Channel extends FileChannel {
    private final String file;
    private final FileChannel base;

    Channel(String file, FileChannel base) {
      this.file = file;
      this.base = base;
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
      journal.beforeWrite(file, src);
      return base.write(src, position);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      journal.beforeWrite(file, src);
      return base.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
      for (int i = offset; i < offset + length; i++) {
        journal.beforeWrite(file, srcs[i]);
      }
      return base.write(srcs, offset, length);
    }

    @Override
    public void force(boolean metaData) throws IOException {
      base.force(metaData);
      journal.forced(file);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return base.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
      return base.read(dsts, offset, length);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      return base.read(dst, position);
    }

    @Override
    public long position() throws IOException {
      return base.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      base.position(newPosition);
      return this;
    }

    @Override
    public long size() throws IOException {
      return base.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      base.truncate(size);
      return this;
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
      return base.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
      if (journal.diskFull) {
        throw new IOException("No space left on device");
      }
      return base.transferFrom(src, position, count);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
      return base.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
      return base.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
      return base.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
      base.close();
    }
  }
}
