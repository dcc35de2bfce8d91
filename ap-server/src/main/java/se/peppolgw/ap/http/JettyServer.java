package se.peppolgw.ap.http;

import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.handler.EagerContentHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.server.handler.ThreadLimitHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import se.peppolgw.ap.config.ConfigException;
import se.peppolgw.ap.config.GatewayConfig;
import se.peppolgw.ap.config.HttpSettings;

/**
 * Embedded Jetty: a plain HTTP listener (behind a TLS-terminating proxy, or local mode), an
 * optional TLS listener, a request size limit, and graceful shutdown (in-flight requests finish,
 * new ones are refused with 503).
 *
 * <p>Slow and greedy clients ({@link HttpSettings.HttpLimits}): an idle connection is closed; a
 * request body arriving slower than the minimum rate is cut off; the first part of every body is
 * read asynchronously before a servlet (and so a worker thread) is involved, so that hundreds of
 * trickling uploads hold sockets, not the threads /health and AS4 need; one client address may
 * hold a bounded number of connections and worker threads; the total of connections is bounded.
 * Error pages name no exceptions ({@link PlainErrorHandler}).
 */
public final class JettyServer {
  private final Server server;
  private final ServerConnector http;
  private final ServerConnector https;
  private final ServletContextHandler context;

  private JettyServer(
      Server server, ServerConnector http, ServerConnector https, ServletContextHandler context) {
    this.server = server;
    this.http = http;
    this.https = https;
    this.context = context;
  }

  /**
   * Adds a servlet to the running server: for parts that need to know the server's own URL (a
   * free port chosen at start) to build their links.
   */
  public void addServlet(String pathSpec, HttpServlet servlet) {
    context.addServlet(new ServletHolder(servlet), pathSpec);
  }

  /** Builds and starts the server with the given servlets (path spec → servlet). */
  public static JettyServer start(GatewayConfig cfg, Map<String, HttpServlet> servlets)
      throws Exception {
    JettyServer s = open(cfg, servlets);
    s.start();
    return s;
  }

  /**
   * Builds the server and binds its ports (so that the URL with a free port is known) without
   * serving anything yet: parts that need the URL are added, then {@link #start()}. Until then a
   * connecting client waits in the accept queue; nothing answers half-configured.
   */
  public static JettyServer open(GatewayConfig cfg, Map<String, HttpServlet> servlets)
      throws Exception {
    HttpSettings.HttpLimits limits = cfg.http().limits();
    QueuedThreadPool pool = new QueuedThreadPool(200, 8);
    pool.setName("http");
    Server server = new Server(pool);

    HttpConfiguration hc = new HttpConfiguration();
    hc.setSendServerVersion(false);
    hc.setSendDateHeader(true);
    if (cfg.http().trustForwardedHeaders()) {
      hc.addCustomizer(new ForwardedRequestCustomizer());
    }

    ServerConnector http = new ServerConnector(server, new HttpConnectionFactory(hc));
    http.setHost(cfg.http().bindAddress());
    http.setPort(cfg.http().port());
    http.setIdleTimeout(limits.idleTimeout().toMillis());
    server.addConnector(http);
    ConnectionsPerClientLimit perClient = new ConnectionsPerClientLimit(limits.maxConnectionsPerClient());
    http.addBean(perClient);

    ServerConnector https = null;
    if (cfg.http().tlsKeystorePath().isPresent()) {
      var ks = cfg.http().tlsKeystorePath().get();
      if (!Files.isReadable(ks)) {
        throw new ConfigException("gateway.tls.keystore.path: cannot read " + ks);
      }
      SslContextFactory.Server ssl = new SslContextFactory.Server();
      ssl.setKeyStorePath(ks.toString());
      ssl.setKeyStoreType("PKCS12");
      ssl.setKeyStorePassword(cfg.http().tlsKeystorePassword());
      // The Peppol transport security policy: TLS 1.2 or newer only.
      ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
      HttpConfiguration tls = new HttpConfiguration(hc);
      SecureRequestCustomizer src = new SecureRequestCustomizer();
      src.setSniHostCheck(false);
      tls.addCustomizer(src);
      https =
          new ServerConnector(
              server,
              new SslConnectionFactory(ssl, "http/1.1"),
              new HttpConnectionFactory(tls));
      https.setHost(cfg.http().bindAddress());
      https.setPort(cfg.http().tlsPort());
      https.setIdleTimeout(limits.idleTimeout().toMillis());
      https.addBean(perClient);
      server.addConnector(https);
    }

    ServletContextHandler ctx = new ServletContextHandler("/");
    for (Map.Entry<String, HttpServlet> e : new LinkedHashMap<>(servlets).entrySet()) {
      ctx.addServlet(new ServletHolder(e.getValue()), e.getKey());
    }
    ctx.setErrorHandler(new PlainErrorHandler());
    server.setErrorHandler(new PlainErrorHandler());
    server.addBean(new NetworkConnectionLimit((int) Math.min(Integer.MAX_VALUE, limits.maxConnections()), server));

    // outermost first: graceful stop, body rate, body size, body read ahead without a thread,
    // threads per client, security headers, servlets
    ThreadLimitHandler threadsPerClient = new ThreadLimitHandler();
    threadsPerClient.setThreadLimit((int) Math.min(Integer.MAX_VALUE, limits.maxThreadsPerClient()));
    threadsPerClient.setHandler(new ResponseHeadersHandler(ctx));
    EagerContentHandler readAhead =
        new EagerContentHandler(
            threadsPerClient,
            new EagerContentHandler.RetainedContentLoaderFactory(limits.eagerReadBytes(), -1, false));
    SizeLimitHandler limit = new SizeLimitHandler(cfg.http().maxRequestBytes(), -1);
    limit.setHandler(readAhead);
    MinimumBodyRateHandler rate = new MinimumBodyRateHandler(limit, limits.minRequestBytesPerSecond());
    GracefulHandler graceful = new GracefulHandler();
    graceful.setHandler(rate);
    server.setHandler(graceful);
    server.setStopTimeout(cfg.http().shutdownGrace().toMillis());
    server.setStopAtShutdown(false);
    http.open();
    if (https != null) {
      try {
        https.open();
      } catch (Exception e) {
        http.close();
        throw e;
      }
    }
    return new JettyServer(server, http, https, ctx);
  }

  /** Starts serving on the ports bound by {@link #open}. */
  public void start() throws Exception {
    server.start();
  }

  public int httpPort() {
    return http.getLocalPort();
  }

  public int httpsPort() {
    return https == null ? -1 : https.getLocalPort();
  }

  public URI localUrl() {
    String host = http.getHost() == null || http.getHost().equals("0.0.0.0") ? "localhost" : http.getHost();
    return URI.create("http://" + host + ":" + httpPort());
  }

  /** Graceful: stops accepting, lets in-flight requests finish within the configured grace. */
  public void stop() throws Exception {
    try {
      server.stop();
    } finally {
      // a server that was opened but never started holds its ports until they are closed
      http.close();
      if (https != null) {
        https.close();
      }
    }
  }
}
