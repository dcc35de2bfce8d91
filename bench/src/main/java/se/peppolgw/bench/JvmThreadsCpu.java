package se.peppolgw.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of the JVM's own JIT compiler threads, read from {@code /proc/self/task}: the thread
 * MXBean sees Java threads only, so without this a receiver's "GC/JIT" could not say which of the
 * two its CPU went to. A JVM that runs more code (the gateway's validation, its MLS answer and its
 * outbound AS4 path) keeps compiling longer, and that is a start-up cost, not a per-message one.
 *
 * <p>Linux only (the benchmark's machine); elsewhere it reads 0. A compiler thread that the JVM
 * ended in between (it adds and removes them with the queue) takes its CPU time with it, so this
 * is a lower bound.
 */
final class JvmThreadsCpu {
  /** Linux's clock ticks per second for {@code /proc} times (USER_HZ, 100 on every common kernel). */
  private static final long NANOS_PER_TICK = 10_000_000L;

  private JvmThreadsCpu() {}

  /** User + system CPU of the live threads named {@code C1 CompilerThre…} or {@code C2 CompilerThre…}. */
  static long jitNanos() {
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return 0;
    }
    long ticks = 0;
    try (DirectoryStream<Path> all = Files.newDirectoryStream(tasks)) {
      for (Path task : all) {
        ticks += compilerTicks(task);
      }
    } catch (IOException e) {
      return 0;
    }
    return ticks * NANOS_PER_TICK;
  }

  private static long compilerTicks(Path task) {
    try {
      // stat: "tid (comm) state ppid ... utime stime ..."; comm may hold spaces, so split after ')'
      String stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
      int open = stat.indexOf('(');
      int close = stat.lastIndexOf(')');
      String comm = stat.substring(open + 1, close);
      if (!comm.startsWith("C1 CompilerThre") && !comm.startsWith("C2 CompilerThre")) {
        return 0;
      }
      String[] f = stat.substring(close + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15: utime, stime
    } catch (IOException | RuntimeException e) {
      return 0; // the thread ended while we read it
    }
  }
}
