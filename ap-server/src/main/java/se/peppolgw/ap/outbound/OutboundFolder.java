package se.peppolgw.ap.outbound;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.fs.SafeFiles;
import se.peppolgw.ap.store.StoreException;

/**
 * The watched outbound folder: the back office writes {@code name.xml} (a UBL document or an SBD;
 * write it under another name and rename, so that no half-written file is read). Each file is
 * submitted like a POST to /api/outbound; the answer is written as {@code
 * results/name.xml.result.json} (the transmission id, or the problem with the failed rules) and
 * the file moves to {@code accepted/} or {@code rejected/}. When the database is unavailable the
 * file stays where it is and is tried again.
 *
 * <p>Symbolic links are never followed: a link in the folder is skipped (and logged once), result
 * files are written under a random temporary name and renamed, and a folder replaced by a link
 * after start is not used (see {@link SafeFiles}).
 */
public final class OutboundFolder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutboundFolder.class);

  private final Path configuredDir;
  /** The folder's real path, resolved once at start. */
  private volatile Path dir;
  private final OutboundService service;
  private final long maxBytes;
  private final ScheduledExecutorService scanner;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  private final SenderScope scope;

  /** @param scope the sender participants documents in this folder may be sent for */
  public OutboundFolder(Path dir, OutboundService service, long maxBytes, SenderScope scope) {
    this.scope = scope;
    this.configuredDir = dir;
    this.dir = dir;
    this.service = service;
    this.maxBytes = maxBytes;
    this.scanner =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "outbound-folder");
              t.setDaemon(true);
              return t;
            });
  }

  public OutboundFolder start() {
    try {
      dir = SafeFiles.createDirectories(configuredDir, SafeFiles.SHARED_DIR);
      for (String sub : new String[] {"accepted", "rejected", "results"}) {
        SafeFiles.createDirectories(dir.resolve(sub), SafeFiles.SHARED_DIR);
      }
    } catch (IOException e) {
      throw new se.peppolgw.ap.config.ConfigException(
          "gateway.outbound.dir: cannot create " + configuredDir + " (" + e + ")");
    }
    scanner.scheduleWithFixedDelay(this::scan, 0, 1, TimeUnit.SECONDS);
    LOG.info("Watching the outbound folder {}", dir);
    return this;
  }

  void scan() {
    try {
      // the folder (or one of its subfolders) replaced by a link after start: touch nothing
      for (String sub : new String[] {"", "accepted", "rejected", "results"}) {
        SafeFiles.requireRealDirectory(dir.resolve(sub));
      }
    } catch (IOException e) {
      warnOnce("folder", "Outbound folder not scanned: " + e.getMessage());
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.xml")) {
      for (Path f : files) {
        if (SafeFiles.isPlainFile(f)) {
          submit(f);
        } else {
          warnOnce(f.getFileName().toString(),
              "Outbound folder: skipping " + f.getFileName()
                  + ", it is a symbolic link or not a regular file (never read)");
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("Outbound folder scan failed, will retry: {}", e.toString());
    }
  }

  /** One log line per skipped name, not one per scan. */
  private void warnOnce(String key, String message) {
    if (warned.add(key)) {
      if (warned.size() > 10_000) {
        warned.clear();
      }
      LOG.warn(message);
    }
  }

  private void submit(Path file) throws IOException {
    String name = file.getFileName().toString();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("file", name);
    boolean accepted;
    long size =
        SafeFiles.attributes(file)
            .filter(BasicFileAttributes::isRegularFile)
            .map(BasicFileAttributes::size)
            .orElse(-1L);
    if (size < 0) {
      return; // gone, or replaced by a link since the listing
    }
    if (size > maxBytes) {
      accepted = false;
      problem(result, 413, "Document too large", "The limit is " + maxBytes + " bytes", Map.of());
    } else {
      byte[] bytes;
      try {
        bytes = SafeFiles.readPlainFile(file, maxBytes); // the open refuses a link
      } catch (IOException e) {
        LOG.warn("Outbound folder: {} not read: {}", name, e.getMessage());
        return;
      }
      try {
        OutboundService.Accepted a =
            service.submit(bytes, RoutingOverrides.NONE, false, "outbound folder (" + name + ")", scope);
        accepted = true;
        result.put("status", "accepted");
        result.put("id", a.transmissionId());
        result.put("sbdhInstanceIdentifier", a.sbdhInstanceId());
        result.put("routing", a.routing());
        result.put("warnings", a.warnings());
        LOG.info("Outbound folder: {} accepted as transmission {}", name, a.transmissionId());
      } catch (OutboundRejection r) {
        accepted = false;
        problem(result, r.status(), r.title(), r.detail(), r.extra());
        LOG.info("Outbound folder: {} rejected: {}", name, r.detail());
      } catch (StoreException e) {
        LOG.warn("Outbound folder: {} not taken, database unavailable; will retry", name);
        return;
      }
    }
    // a new file with a random name, renamed over the result name: a link planted under either
    // name is replaced, never written through
    SafeFiles.replaceAtomically(
        dir.resolve("results").resolve(name + ".result.json"),
        Json.toJson(result).getBytes(StandardCharsets.UTF_8),
        SafeFiles.SHARED_FILE);
    SafeFiles.moveReplacing(file, dir.resolve(accepted ? "accepted" : "rejected").resolve(name));
  }

  private static void problem(
      Map<String, Object> result, int status, String title, String detail, Map<String, ?> extra) {
    result.put("status", "rejected");
    result.put("httpStatus", status);
    result.put("title", title);
    result.put("detail", detail);
    result.putAll(extra);
  }

  @Override
  public void close() {
    scanner.shutdown();
    try {
      scanner.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
