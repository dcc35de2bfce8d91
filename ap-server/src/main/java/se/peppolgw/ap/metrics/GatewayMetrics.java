package se.peppolgw.ap.metrics;

import com.helger.phase4.model.error.EEbmsError;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.inbound.InboundObserver;
import se.peppolgw.ap.outbound.AttemptObserver;
import se.peppolgw.ap.outbound.AttemptResult;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionState;

/**
 * The gateway's meters in one Prometheus registry: what came in and went out, what waits, how
 * long the slow steps take, the certificate, the JVM and the connection pool. Every name is
 * listed with its meaning in docs/metrics.md. Recording never throws into the caller.
 */
public final class GatewayMetrics implements AttemptObserver, InboundObserver, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayMetrics.class);
  /** Failure codes become label values: only short code-like ones, so a label cannot explode. */
  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_:.\\-]{1,64}");
  static final String OTHER = "OTHER";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();

  /**
   * @param certificateDaysLeft days until our access point certificate expires
   * @param pool the connection pool, instrumented when it is HikariCP
   */
  public GatewayMetrics(BacklogGauges backlog, LongSupplier certificateDaysLeft, DataSource pool) {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    if (pool instanceof HikariDataSource hikari) {
      try {
        hikari.setMetricRegistry(registry);
      } catch (IllegalStateException e) {
        LOG.warn("Connection pool metrics not available: {}", e.getMessage());
      }
    }
    // strong references: Micrometer holds a gauge's state weakly by default, and these suppliers are
    // referenced nowhere else, so after a garbage collection the gauges would read NaN
    Gauge.builder("gateway.outbox.depth", backlog, b -> b.current().outbox().depth())
        .description("Outbound documents not yet delivered or given up")
        .strongReference(true)
        .register(registry);
    Gauge.builder("gateway.outbox.oldest.age", backlog, b -> b.oldestAgeSeconds(b.current().outbox()))
        .description("How long the oldest document in the outbox has waited")
        .baseUnit("seconds")
        .strongReference(true)
        .register(registry);
    Gauge.builder("gateway.handover.backlog", backlog, b -> b.current().handover().depth())
        .description("Received inbound documents not yet handed to the back office")
        .strongReference(true)
        .register(registry);
    Gauge.builder("gateway.handover.oldest.age", backlog, b -> b.oldestAgeSeconds(b.current().handover()))
        .description("How long the oldest document waiting for hand-over has waited")
        .baseUnit("seconds")
        .strongReference(true)
        .register(registry);
    Gauge.builder("gateway.certificate.days.left", certificateDaysLeft, s -> s.getAsLong())
        .description("Days until the access point certificate expires")
        .strongReference(true)
        .register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** The current values in the Prometheus text format. */
  public String scrape() {
    return registry.scrape();
  }

  // ------------------------------------------------------------------ inbound

  @Override
  public void accepted(boolean duplicate) {
    guarded(() -> Counter.builder("gateway.inbound.received")
        .description("Inbound AS4 messages answered with a receipt")
        .tag("outcome", duplicate ? "duplicate" : "accepted")
        .register(registry)
        .increment());
  }

  @Override
  public void refused(String ebmsCode, boolean authenticatedSender, String sender, String transmissionId) {
    guarded(() -> Counter.builder("gateway.inbound.refused")
        .description("Inbound AS4 messages answered with an AS4 error, by EBMS error code")
        .tag("reason", refusalReason(ebmsCode))
        .tag("sender", authenticatedSender ? "authenticated" : "unauthenticated")
        .register(registry)
        .increment());
  }

  /** The EBMS error code when it is one phase4 knows, else {@value #OTHER}. */
  static String refusalReason(String ebmsCode) {
    EEbmsError e = ebmsCode == null ? null : EEbmsError.getFromErrorCodeOrNull(ebmsCode);
    return e == null ? OTHER : e.getErrorCode();
  }

  // ------------------------------------------------------------------ outbound

  @Override
  public void lookupDone(long micros, boolean cacheHit, String failureKind) {
    guarded(() -> Timer.builder("gateway.smp.lookup")
        .description("SML/SMP lookups of outbound receivers")
        .tag("outcome", failureKind == null ? "found" : "failed")
        .tag("cache", cacheHit ? "hit" : "miss")
        .serviceLevelObjectives(
            ms(5), ms(25), ms(100), ms(250), ms(500), ms(1000), ms(2500), ms(5000), ms(10000))
        .register(registry)
        .record(micros, TimeUnit.MICROSECONDS));
  }

  @Override
  public void attemptDone(
      Transmission t, AttemptResult.Verdict verdict, TransmissionState state, String code, String detail,
      long durationMillis) {
    guarded(() -> {
      if (durationMillis >= 0) {
        Timer.builder("gateway.outbound.attempt")
            .description("AS4 send attempts (message out, signed receipt or error back)")
            .tag("outcome", verdict.name())
            .serviceLevelObjectives(
                ms(100), ms(250), ms(500), ms(1000), ms(2500), ms(5000), ms(10000), ms(30000), ms(60000))
            .register(registry)
            .record(durationMillis, TimeUnit.MILLISECONDS);
      }
      if (state == TransmissionState.DELIVERED) {
        Counter.builder("gateway.outbound.sent")
            .description("Outbound documents delivered (signed receipt verified)")
            .register(registry)
            .increment();
      } else if (state == TransmissionState.FAILED) {
        Counter.builder("gateway.outbound.failed")
            .description("Outbound documents given up, by the last failure's code")
            .tag("kind", failureKind(code))
            .register(registry)
            .increment();
      }
    });
  }

  static String failureKind(String code) {
    return code != null && CODE.matcher(code).matches() ? code : OTHER;
  }

  /** One Peppol BIS validation of an outbound document. */
  public void validated(long millis) {
    guarded(() -> Timer.builder("gateway.validation")
        .description("Peppol BIS validation of outbound documents")
        .serviceLevelObjectives(ms(50), ms(100), ms(250), ms(500), ms(1000), ms(2500), ms(5000), ms(10000))
        .register(registry)
        .record(millis, TimeUnit.MILLISECONDS));
  }

  private static Duration ms(long n) {
    return Duration.ofMillis(n);
  }

  private static void guarded(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("Could not record a metric: {}", e.toString());
    }
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
