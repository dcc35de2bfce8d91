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
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import se.peppolgw.ap.config.ConfigException;
import se.peppolgw.ap.config.GatewayConfig;

/**
 * Embedded Jetty: a plain HTTP listener (behind a TLS-terminating proxy, or local mode), an
 * optional TLS listener, a request size limit, and graceful shutdown (in-flight requests finish,
 * new ones are refused with 503).
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
    QueuedThreadPool pool = new QueuedThreadPool(200, 8);
    pool.setName("http");
    Server server = new Server(pool);

    HttpConfiguration hc = new HttpConfiguration();
    hc.setSendServerVersion(false);
    hc.setSendDateHeader(true);
    if (cfg.trustForwardedHeaders()) {
      hc.addCustomizer(new ForwardedRequestCustomizer());
    }

    ServerConnector http = new ServerConnector(server, new HttpConnectionFactory(hc));
    http.setHost(cfg.bindAddress());
    http.setPort(cfg.httpPort());
    http.setIdleTimeout(Duration.ofSeconds(60).toMillis());
    server.addConnector(http);

    ServerConnector https = null;
    if (cfg.tlsKeystorePath().isPresent()) {
      var ks = cfg.tlsKeystorePath().get();
      if (!Files.isReadable(ks)) {
        throw new ConfigException("gateway.tls.keystore.path: cannot read " + ks);
      }
      SslContextFactory.Server ssl = new SslContextFactory.Server();
      ssl.setKeyStorePath(ks.toString());
      ssl.setKeyStoreType("PKCS12");
      ssl.setKeyStorePassword(cfg.tlsKeystorePassword());
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
      https.setHost(cfg.bindAddress());
      https.setPort(cfg.tlsPort());
      server.addConnector(https);
    }

    ServletContextHandler ctx = new ServletContextHandler("/");
    for (Map.Entry<String, HttpServlet> e : new LinkedHashMap<>(servlets).entrySet()) {
      ctx.addServlet(new ServletHolder(e.getValue()), e.getKey());
    }
    SizeLimitHandler limit = new SizeLimitHandler(cfg.maxRequestBytes(), -1);
    limit.setHandler(ctx);
    GracefulHandler graceful = new GracefulHandler();
    graceful.setHandler(limit);
    server.setHandler(graceful);
    server.setStopTimeout(cfg.shutdownGrace().toMillis());
    server.setStopAtShutdown(false);
    server.start();
    return new JettyServer(server, http, https, ctx);
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
    server.stop();
  }
}
