package se.peppolgw.ap.config;

import java.util.ArrayList;
import java.util.List;
import se.peppolgw.ap.api.ApiTokens;

/**
 * The back-office API tokens ({@code gateway.api.*}), bound once from the configuration (README.md
 * lists every key). Every malformed hash is reported on a line of its own.
 *
 * @param tokenHashes {@code sha256:<hex>} hashes of the unnamed tokens: they send for the gateway's
 *     own participants only
 * @param tokens the named tokens: {@code gateway.api.tokens=erp,provider}, then per name {@code
 *     gateway.api.token.<name>.hash=sha256:<hex>} and optionally {@code
 *     gateway.api.token.<name>.may-send-for} (participant ids this token may send for besides the
 *     gateway's own participants, or {@code *} for any sender)
 * @param localTokenMaySendFor local mode: participants the generated local API token may send for
 *     besides the gateway's own ({@code *}: any); default none
 */
public record ApiSettings(List<String> tokenHashes, List<ApiTokens.Token> tokens, List<String> localTokenMaySendFor) {

  public ApiSettings {
    tokenHashes = List.copyOf(tokenHashes);
    tokens = List.copyOf(tokens);
    localTokenMaySendFor = List.copyOf(localTokenMaySendFor);
  }

  static ApiSettings bind(GatewayConfig c) {
    Problems p = new Problems();
    List<String> hashes = c.list("gateway.api.token-hashes");
    for (String h : hashes) {
      p.read(() -> ApiTokens.parse("gateway.api.token-hashes", h), null);
    }
    List<ApiTokens.Token> tokens = new ArrayList<>();
    for (String name : c.list("gateway.api.tokens")) {
      String prefix = "gateway.api.token." + name + ".";
      byte[] hash = p.read(() -> ApiTokens.parse(prefix + "hash", c.source().get(prefix + "hash")
          .orElseThrow(() -> new ConfigException(prefix + "hash is missing: API token '" + name
              + "' is listed in gateway.api.tokens but has no hash (make one with: ./gateway hash-token)"))),
          null);
      List<String> maySendFor = p.read(() -> c.participantList(prefix + "may-send-for"), List.of());
      if (hash != null) {
        tokens.add(new ApiTokens.Token("API token '" + name + "'", hash, maySendFor));
      }
    }
    List<String> local = p.read(() -> c.participantList("gateway.api.local-token.may-send-for"), List.of());
    p.throwIfAny();
    return new ApiSettings(hashes, tokens, local);
  }
}
