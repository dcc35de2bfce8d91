package se.peppolgw.ap;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.api.ApiTokens;
import se.peppolgw.ap.config.GatewayConfig;
import se.peppolgw.ap.config.Mode;
import se.peppolgw.ap.fs.SafeFiles;

/**
 * The secrets kept in the data folder: the folder itself is owner only; the back-office API
 * tokens are the configured ones, or in local mode without any, one generated token kept in
 * {@code data/local-api-token.txt} so that it survives restarts.
 */
final class LocalSecrets {
  private static final Logger LOG = LoggerFactory.getLogger(LocalSecrets.class);
  static final String TOKEN_FILE = "local-api-token.txt";

  /** The tokens the API accepts, and the generated local-mode token (null when none was needed). */
  record ApiAccess(ApiTokens tokens, String localToken) {}

  private LocalSecrets() {}

  /** Tokens, passwords and (H2) the database live in the data folder: owner only, from creation on. */
  static void protectDataDir(GatewayConfig config) throws IOException {
    if (config.mode() == Mode.LOCAL || config.store().url().startsWith("jdbc:h2:")) {
      SafeFiles.createDirectories(config.dataDir(), SafeFiles.PRIVATE_DIR);
      SafeFiles.warnIfOthersMayRead(config.dataDir());
    }
  }

  static ApiAccess apiAccess(GatewayConfig config) throws IOException {
    ApiTokens tokens = new ApiTokens(config.api().tokenHashes(), config.api().tokens());
    if (tokens.isEmpty() && config.mode() == Mode.LOCAL) {
      String generated = localToken(config.dataDir());
      return new ApiAccess(
          new ApiTokens(
              List.of(),
              List.of(
                  new ApiTokens.Token(
                      "the local-mode API token",
                      ApiTokens.parse(TOKEN_FILE, ApiTokens.hash(generated)),
                      config.api().localTokenMaySendFor()))),
          generated);
    }
    if (tokens.isEmpty()) {
      LOG.warn("No API tokens configured (gateway.api.token-hashes, gateway.api.tokens): the back-office API refuses"
          + " every request");
    }
    return new ApiAccess(tokens, null);
  }

  /** Local mode only: a token for the API, kept in the data folder so it survives restarts. */
  private static String localToken(Path dataDir) throws IOException {
    Path f = dataDir.resolve(TOKEN_FILE);
    boolean existed = SafeFiles.attributes(f).isPresent();
    String token = SafeFiles.readOrCreateSecret(f, ApiTokens::newToken);
    if (!existed) {
      LOG.warn("Local mode: generated a back-office API token in {}", f);
    }
    return token;
  }
}
