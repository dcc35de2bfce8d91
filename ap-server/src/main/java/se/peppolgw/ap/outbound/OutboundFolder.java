package se.peppolgw.ap.outbound;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.store.StoreException;

/**
 * The watched outbound folder: the back office writes {@code name.xml} (a UBL document or an SBD;
 * write it under another name and rename, so that no half-written file is read). Each file is
 * submitted like a POST to /api/outbound; the answer is written as {@code
 * results/name.xml.result.json} (the transmission id, or the problem with the failed rules) and
 * the file moves to {@code accepted/} or {@code rejected/}. When the database is unavailable the
 * file stays where it is and is tried again.
 */
public final class OutboundFolder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutboundFolder.class);

  private final Path dir;
  private final OutboundService service;
  private final long maxBytes;
  private final ScheduledExecutorService scanner;

  public OutboundFolder(Path dir, OutboundService service, long maxBytes) {
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
      for (String sub : new String[] {"", "accepted", "rejected", "results"}) {
        Files.createDirectories(dir.resolve(sub));
      }
    } catch (IOException e) {
      throw new se.peppolgw.ap.config.ConfigException(
          "gateway.outbound.dir: cannot create " + dir + " (" + e + ")");
    }
    scanner.scheduleWithFixedDelay(this::scan, 0, 1, TimeUnit.SECONDS);
    LOG.info("Watching the outbound folder {}", dir);
    return this;
  }

  void scan() {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.xml")) {
      for (Path f : files) {
        if (Files.isRegularFile(f)) {
          submit(f);
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("Outbound folder scan failed, will retry: {}", e.toString());
    }
  }

  private void submit(Path file) throws IOException {
    String name = file.getFileName().toString();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("file", name);
    boolean accepted;
    if (Files.size(file) > maxBytes) {
      accepted = false;
      problem(result, 413, "Document too large", "The limit is " + maxBytes + " bytes", Map.of());
    } else {
      byte[] bytes = Files.readAllBytes(file);
      try {
        OutboundService.Accepted a =
            service.submit(bytes, RoutingOverrides.NONE, false, "outbound folder (" + name + ")");
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
    Path results = dir.resolve("results");
    Path tmp = results.resolve("." + name + ".result.json.tmp");
    Files.write(tmp, Json.toJson(result).getBytes(StandardCharsets.UTF_8));
    Files.move(tmp, results.resolve(name + ".result.json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    Files.move(
        file,
        dir.resolve(accepted ? "accepted" : "rejected").resolve(name),
        StandardCopyOption.REPLACE_EXISTING);
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
