package se.peppolgw.ap.alerts;

import java.io.IOException;

/** Where alerts go: e-mail, a webhook. */
public interface AlertChannel {
  void send(Alert alert) throws IOException;

  /** For the log: where it goes. */
  String describe();
}
