package se.peppolgw.ap.outbound;

import com.helger.phase4.sender.IAS4SignalMessageValidationResultHandler;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects phase4's comparison of the receipt's NonRepudiationInformation with the DSig
 * references of the message we sent. phase4 only logs a mismatch by default; here it makes the
 * attempt fail.
 */
final class ReceiptCheck implements IAS4SignalMessageValidationResultHandler {
  enum Outcome {
    NOT_RUN,
    MATCHED,
    MISMATCH,
    NO_REFERENCES
  }

  private Outcome outcome = Outcome.NOT_RUN;
  private final List<String> errors = new ArrayList<>();

  @Override
  public synchronized void onSuccess() {
    if (outcome == Outcome.NOT_RUN) {
      outcome = Outcome.MATCHED;
    }
  }

  @Override
  public synchronized void onError(String errorMessage) {
    outcome = Outcome.MISMATCH;
    errors.add(errorMessage);
  }

  @Override
  public synchronized void onNotApplicable() {
    if (outcome == Outcome.NOT_RUN) {
      outcome = Outcome.NO_REFERENCES;
    }
  }

  synchronized Outcome outcome() {
    return outcome;
  }

  synchronized List<String> errors() {
    return List.copyOf(errors);
  }
}
