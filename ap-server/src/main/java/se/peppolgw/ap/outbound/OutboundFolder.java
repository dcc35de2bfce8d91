package se.peppolgw.ap.outbound;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.fs.SafeFiles;
import se.peppolgw.ap.store.StoreException;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionState;

/**
 * The watched outbound folder: the back office writes {@code name.xml} (a UBL document or an SBD;
 * write it under another name and rename, so that no half-written file is read). Each file is
 * submitted like a POST to /api/outbound; the answer is written as {@code
 * results/name.xml.result.json} (the transmission id, or the problem with the failed rules) and
 * the file moves to {@code accepted/} or {@code rejected/}. When the database is unavailable the
 * file stays where it is and is tried again.
 *
 * <p>What became of an accepted document reaches the folder too: every scan looks up the
 * transmissions of the files in {@code accepted/}; when the state changed the result file is
 * rewritten (atomically), and on a final state the file moves to {@code delivered/} or {@code
 * failed/} with the reason in its result. A file whose name was used before (in any of the
 * subfolders) is kept under a unique name ({@code name-2.xml}, …), so neither overwrites the other.
 * A Message Level Status the receiver's access point sends later is written into the result too
 * ({@link #mlsAnswered}, {@link FolderMlsResults}).
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
  private final Function<String, Optional<Transmission>> transmissions;
  private final long maxBytes;
  private final ScheduledExecutorService scanner;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  private final SenderScope scope;
  private final Warmth warmth;
  private final FolderMlsResults mls;

  /** Subfolders: where files go, by outcome. */
  private static final String[] SUBFOLDERS = {"accepted", "rejected", "delivered", "failed", "results"};
  /** Accepted files followed per scan: bounds the database reads of one scan. */
  static final int FOLLOW_PER_SCAN = 500;
  private static final long MAX_RESULT_BYTES = 4L * 1024 * 1024;

  /**
   * @param transmissions looks up a transmission by id (the outcome of an accepted file)
   * @param scope the sender participants documents in this folder may be sent for
   * @param warmth files are taken only once validation is warm
   * @param mls the receiver's MLS answers, carried into the result files
   */
  public OutboundFolder(
      Path dir,
      OutboundService service,
      Function<String, Optional<Transmission>> transmissions,
      long maxBytes,
      SenderScope scope,
      Warmth warmth,
      FolderMlsResults mls) {
    this.warmth = warmth;
    this.mls = mls;
    this.transmissions = transmissions;
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
      for (String sub : SUBFOLDERS) {
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
      SafeFiles.requireRealDirectory(dir);
      for (String sub : SUBFOLDERS) {
        SafeFiles.requireRealDirectory(dir.resolve(sub));
      }
    } catch (IOException e) {
      warnOnce("folder", "Outbound folder not scanned: " + e.getMessage());
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.xml")) {
      for (Path f : files) {
        if (!warmth.isWarm()) {
          break; // files wait in the folder until validation is warm
        }
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
    try {
      followAccepted();
    } catch (StoreException e) {
      warnOnce("store", "Outbound folder: outcomes not checked, database unavailable; will retry");
    } catch (IOException | RuntimeException e) {
      LOG.warn("Outbound folder: checking outcomes failed, will retry: {}", e.toString());
    }
  }

  /**
   * Brings the result files of accepted documents up to date with their transmissions, and moves
   * the documents that reached a final state to {@code delivered/} or {@code failed/}.
   */
  private void followAccepted() throws IOException {
    int followed = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir.resolve("accepted"), "*.xml")) {
      for (Path f : files) {
        if (followed++ >= FOLLOW_PER_SCAN) {
          return; // the rest on the next scan
        }
        if (SafeFiles.isPlainFile(f)) {
          follow(f);
        }
      }
    }
  }

  private void follow(Path file) throws IOException {
    String name = file.getFileName().toString();
    Path resultFile = resultOf(name);
    ObjectNode result;
    try {
      result = (ObjectNode) Json.MAPPER.readTree(SafeFiles.readPlainFile(resultFile, MAX_RESULT_BYTES));
    } catch (IOException | ClassCastException e) {
      warnOnce("result:" + name, "Outbound folder: accepted/" + name + " has no readable result file;"
          + " its outcome is not followed");
      return;
    }
    String id = result.path("id").asText(null);
    Optional<Transmission> t = id == null ? Optional.empty() : transmissions.apply(id);
    if (t.isEmpty()) {
      warnOnce("tx:" + name, "Outbound folder: accepted/" + name + " names no known transmission;"
          + " its outcome is not followed");
      return;
    }
    TransmissionState state = t.get().state();
    if (!state.name().equals(result.path("state").asText())) {
      describe(result, t.get());
      if (state == TransmissionState.DELIVERED) {
        mls.apply(result, id); // an answer that came before the delivery was seen here
      }
      // a new file under a random name, renamed over the result: readers never see half of it
      SafeFiles.replaceAtomically(resultFile, Json.toJson(result).getBytes(StandardCharsets.UTF_8),
          SafeFiles.SHARED_FILE);
    }
    String to = switch (state) {
      case DELIVERED -> "delivered";
      case FAILED, CANCELLED -> "failed";
      default -> null;
    };
    if (to != null) {
      SafeFiles.moveReplacing(file, dir.resolve(to).resolve(name));
      LOG.info("Outbound folder: {} (transmission {}) {}", name, id, state);
    }
  }

  /**
   * A received MLS answered transmission {@code transmissionId} (told after the commit that
   * stored it): when the document came from this folder, its result file is rewritten with the
   * answer. Done on the scan thread, so that it never races the scan's own rewrite.
   */
  public void mlsAnswered(String transmissionId) {
    try {
      scanner.execute(() -> recordMls(transmissionId));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.debug("Outbound folder closed; MLS for {} not written to a result", transmissionId);
    }
  }

  private void recordMls(String transmissionId) {
    try {
      Optional<String> name = mls.fileOf(transmissionId);
      if (name.isEmpty()) {
        return; // not submitted through the folder
      }
      Path resultFile = resultOf(name.get());
      ObjectNode result =
          (ObjectNode) Json.MAPPER.readTree(SafeFiles.readPlainFile(resultFile, MAX_RESULT_BYTES));
      if (!transmissionId.equals(result.path("id").asText(null))) {
        LOG.warn("Outbound folder: results/{} is not the result of transmission {}; MLS not written",
            resultFile.getFileName(), transmissionId);
        return;
      }
      if (mls.apply(result, transmissionId)) {
        SafeFiles.replaceAtomically(resultFile, Json.toJson(result).getBytes(StandardCharsets.UTF_8),
            SafeFiles.SHARED_FILE);
        LOG.info("Outbound folder: MLS {} written to results/{}",
            result.at("/mls/code").asText(), resultFile.getFileName());
      }
    } catch (StoreException | IOException | ClassCastException e) {
      LOG.warn("Outbound folder: the MLS for transmission {} is not in its result file: {}",
          transmissionId, e.toString());
    }
  }

  /** The transmission's state in the result: status, state, and for a failure its reason. */
  private static void describe(ObjectNode result, Transmission t) {
    TransmissionState state = t.state();
    result.put("status", switch (state) {
      case DELIVERED -> "delivered";
      case FAILED, CANCELLED -> "failed";
      default -> "accepted";
    });
    result.put("state", state.name());
    result.put("updatedAt", t.updatedAt().toString());
    result.remove(List.of("errorCode", "reason", "lastError"));
    if (state == TransmissionState.FAILED || state == TransmissionState.CANCELLED) {
      result.put("errorCode", t.errorCode());
      result.put("reason", t.errorDetail() != null ? t.errorDetail()
          : state == TransmissionState.CANCELLED ? "Cancelled by an operator" : "Failed; see the timeline");
    } else if (state == TransmissionState.RETRY_WAIT && t.errorDetail() != null) {
      result.put("lastError", t.errorDetail());
    }
    if (state == TransmissionState.DELIVERED) {
      result.put("as4MessageId", t.as4MessageId());
    }
  }

  private Path resultOf(String name) {
    return dir.resolve("results").resolve(name + ".result.json");
  }

  /**
   * The name to keep a file under: its own, unless a file of that name was taken before (in any
   * subfolder, or a result file); then {@code stem-2.xml}, {@code stem-3.xml}, …
   */
  private String uniqueName(String name) throws IOException {
    if (!taken(name)) {
      return name;
    }
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    String ext = dot > 0 ? name.substring(dot) : "";
    for (int n = 2; n < 100_000; n++) {
      String candidate = stem + "-" + n + ext;
      if (!taken(candidate)) {
        return candidate;
      }
    }
    throw new IOException("no free name for " + name);
  }

  private boolean taken(String name) {
    // a link at a result name was planted, not written by us: it is replaced, it takes no name
    if (SafeFiles.isPlainFile(resultOf(name))) {
      return true;
    }
    for (String sub : SUBFOLDERS) {
      if (!sub.equals("results") && SafeFiles.attributes(dir.resolve(sub).resolve(name)).isPresent()) {
        return true;
      }
    }
    return false;
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
    String original = file.getFileName().toString();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("file", original);
    boolean accepted;
    long size =
        SafeFiles.attributes(file)
            .filter(BasicFileAttributes::isRegularFile)
            .map(BasicFileAttributes::size)
            .orElse(-1L);
    if (size < 0) {
      return; // gone, or replaced by a link since the listing
    }
    String name = uniqueName(original);
    if (!name.equals(original)) {
      result.put("storedAs", name);
    }
    if (size > maxBytes) {
      accepted = false;
      problem(result, 413, "Document too large", "The limit is " + maxBytes + " bytes", Map.of());
    } else {
      byte[] bytes;
      try {
        bytes = SafeFiles.readPlainFile(file, maxBytes); // the open refuses a link
      } catch (IOException e) {
        LOG.warn("Outbound folder: {} not read: {}", original, e.getMessage());
        return;
      }
      try {
        OutboundService.Accepted a =
            service.submit(bytes, RoutingOverrides.NONE, false, FolderMlsResults.origin(name), scope);
        accepted = true;
        result.put("status", "accepted");
        result.put("state", TransmissionState.PENDING.name());
        result.put("id", a.transmissionId());
        result.put("sbdhInstanceIdentifier", a.sbdhInstanceId());
        result.put("routing", a.routing());
        result.put("warnings", a.warnings());
        LOG.info("Outbound folder: {} accepted as transmission {}{}", original, a.transmissionId(),
            name.equals(original) ? "" : " (kept as " + name + ", the name was used before)");
      } catch (OutboundRejection r) {
        accepted = false;
        problem(result, r.status(), r.title(), r.detail(), r.extra());
        LOG.info("Outbound folder: {} rejected: {}", original, r.detail());
      } catch (StoreException e) {
        LOG.warn("Outbound folder: {} not taken, database unavailable; will retry", original);
        return;
      }
    }
    // a new file with a random name, renamed over the result name: a link planted under either
    // name is replaced, never written through
    SafeFiles.replaceAtomically(
        resultOf(name),
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
