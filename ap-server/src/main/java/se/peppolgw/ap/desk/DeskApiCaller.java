package se.peppolgw.ap.desk;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import se.peppolgw.ap.api.ApiTokens;
import se.peppolgw.ap.outbound.SenderScope;

/** Who calls a desk API (the tokens of /api/outbound) and for which of our participants they may send. */
final class DeskApiCaller {
  private DeskApiCaller() {}

  /** The caller's sender scope, or empty after answering 401. */
  static Optional<SenderScope> scope(
      ApiTokens tokens, List<String> ourParticipants, HttpServletRequest req, HttpServletResponse resp)
      throws IOException {
    Optional<ApiTokens.Token> token = tokens.authenticate(req);
    if (token.isEmpty()) {
      ApiTokens.refuse(resp);
      return Optional.empty();
    }
    return Optional.of(SenderScope.of(token.get().name(), ourParticipants, token.get().maySendFor()));
  }
}
