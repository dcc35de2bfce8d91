package se.peppolgw.ap.outbound;

import com.helger.phase4.sender.EAS4UserMessageSendResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import se.peppolgw.smp.FailureKind;

/**
 * How a {@link SendFailure} is recognised: either a failed lookup of one smp-lookup {@link
 * FailureKind}, or a set of phase4 results narrowed by conditions on the {@link AttemptEvidence}
 * (an exception type in the cause chain, the receiver's signal, the HTTP status, a word in the
 * exception's message), or — for a failure of the gateway's own code — named by the outbound worker
 * ({@link #ownCode}). Each constant declares its own; {@link AttemptClassifier} walks the first two.
 *
 * <p><b>Precedence</b> (when several match, the first in this order wins):
 *
 * <ol>
 *   <li>by the strongest evidence the recognition reads ({@link Precedence}): an exception type in
 *       the cause chain, then the receiver's signal, then the HTTP status, then words in the
 *       exception's message, then phase4's result alone;
 *   <li>within one precedence, the narrower recognition (more conditions) first: it refines the
 *       broader one (an EBMS code on HTTP 503 before any EBMS code);
 *   <li>then the order of the constants in {@link SendFailure}.
 * </ol>
 *
 * Immutable: each condition returns a new recognition.
 */
final class Recognition {

  /** What a condition reads, strongest first: the order in which recognitions are tried. */
  enum Precedence {
    /** An exception type in the cause chain: says what really went wrong underneath phase4. */
    CAUSE,
    /** The receiver's AS4 signal: the receipt, its NonRepudiationInformation, the error codes. */
    SIGNAL,
    /** The HTTP status of an answer without a usable signal. */
    HTTP_STATUS,
    /** Words in the exception's message: the last resort. */
    MESSAGE,
    /** phase4's result alone: the fallback of each result. */
    RESULT
  }

  /** The shape of a standard ebMS3 error code: {@code EBMS:0004}. */
  static final Pattern EBMS_CODE = Pattern.compile("EBMS:\\d{4}");

  private record Condition(Precedence reads, String words, Predicate<AttemptEvidence> test) {}

  private final Set<EAS4UserMessageSendResult> results;
  private final FailureKind lookup;
  private final String ownCode;
  private final List<Condition> conditions;
  private final Function<AttemptEvidence, String> detail;

  private Recognition(
      Set<EAS4UserMessageSendResult> results,
      FailureKind lookup,
      String ownCode,
      List<Condition> conditions,
      Function<AttemptEvidence, String> detail) {
    this.results = results;
    this.lookup = lookup;
    this.ownCode = ownCode;
    this.conditions = conditions;
    this.detail = detail;
  }

  /** A failed SML/SMP lookup of this kind (nothing was sent). */
  static Recognition lookup(FailureKind kind) {
    return new Recognition(Set.of(), kind, null, List.of(), null);
  }

  /** A send that phase4 ended with one of these results. */
  static Recognition after(EAS4UserMessageSendResult first, EAS4UserMessageSendResult... more) {
    return new Recognition(Collections.unmodifiableSet(EnumSet.of(first, more)), null, null, List.of(), null);
  }

  /**
   * The gateway's own code failed before phase4 was asked to send ({@code words} say when): the
   * outbound worker names this kind itself, the classifier never does.
   */
  static Recognition ownCode(String words) {
    return new Recognition(Set.of(), null, words, List.of(), null);
  }

  /** … and a response came back: the message did go out. */
  Recognition answered() {
    return with(Precedence.RESULT, "an answer came back", AttemptEvidence::answered);
  }

  /** … and no response came back. */
  Recognition unanswered() {
    return with(Precedence.RESULT, "no answer came back", e -> !e.answered());
  }

  /** … and an exception of this type is in the cause chain. */
  Recognition causedBy(Class<? extends Throwable> type) {
    return with(Precedence.CAUSE, type.getSimpleName() + " in the cause chain", e -> e.cause(type).isPresent());
  }

  /**
   * … and an exception of this type whose own message contains {@code regex} (case-insensitive) is
   * in the cause chain: a type and a message, narrower than the type alone.
   */
  Recognition causedBy(Class<? extends Throwable> type, String regex) {
    Pattern p = Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
    return causedBy(type).with(Precedence.MESSAGE, "its message matching /" + regex + "/",
        e -> e.cause(type).map(Throwable::getMessage).filter(m -> p.matcher(m).find()).isPresent());
  }

  /** … and the exception chain's text (messages and class names) contains this word, any case. */
  Recognition messageContains(String word) {
    String w = word.toLowerCase(Locale.ROOT);
    return with(Precedence.MESSAGE, "\"" + word + "\" in the exception's message",
        e -> e.exception() != null && e.chain().toLowerCase(Locale.ROOT).contains(w));
  }

  /** … and the answer's HTTP status is within {@code from}–{@code to}. */
  Recognition httpStatus(int from, int to) {
    return with(Precedence.HTTP_STATUS, from == to ? "HTTP " + from : "HTTP " + from + "–" + to,
        e -> e.httpStatus() >= from && e.httpStatus() <= to);
  }

  /** … and the signal's first error has a standard {@code EBMS:nnnn} code. */
  Recognition ebmsCode() {
    return with(Precedence.SIGNAL, "an EBMS:nnnn error code",
        e -> e.firstErrorCode() != null && EBMS_CODE.matcher(e.firstErrorCode()).matches());
  }

  /** … and the signal's first error has no standard {@code EBMS:nnnn} code (or there is none). */
  Recognition noEbmsCode() {
    return with(Precedence.SIGNAL, "no EBMS:nnnn error code",
        e -> e.firstErrorCode() == null || !EBMS_CODE.matcher(e.firstErrorCode()).matches());
  }

  /** … and the receipt refers to another message than the one sent. */
  Recognition receiptForAnotherMessage() {
    return with(Precedence.SIGNAL, "a receipt for another message",
        e -> !e.sentMessageId().equals(e.receiptRef()));
  }

  /** … and the receipt's NonRepudiationInformation check ended in one of these outcomes. */
  Recognition nrr(ReceiptCheck.Outcome first, ReceiptCheck.Outcome... more) {
    Set<ReceiptCheck.Outcome> outcomes = EnumSet.of(first, more);
    return with(Precedence.SIGNAL, "NRR check " + names(outcomes), e -> outcomes.contains(e.nrr()));
  }

  /**
   * The failure's detail in words, when the kind says more than phase4's result (which {@link
   * AttemptClassifier#describe} puts in words otherwise).
   */
  Recognition detail(Function<AttemptEvidence, String> words) {
    return new Recognition(results, lookup, ownCode, conditions, words);
  }

  private Recognition with(Precedence reads, String words, Predicate<AttemptEvidence> test) {
    List<Condition> more = new ArrayList<>(conditions);
    more.add(new Condition(reads, words, test));
    return new Recognition(results, lookup, ownCode, List.copyOf(more), detail);
  }

  /** True when this recognises the failed lookup {@code kind}. */
  boolean recognises(FailureKind kind) {
    return kind == lookup;
  }

  /** True when this recognises the attempt: one of its results, and every condition holds. */
  boolean recognises(AttemptEvidence e) {
    if (!results.contains(e.result())) {
      return false;
    }
    for (Condition c : conditions) {
      if (!c.test().test(e)) {
        return false;
      }
    }
    return true;
  }

  boolean isLookup() {
    return lookup != null;
  }

  /** Named by the worker when its own code fails, never by the classifier. */
  boolean isOwnCode() {
    return ownCode != null;
  }

  /** The strongest evidence this reads: where it stands in the walk. */
  Precedence precedence() {
    return conditions.stream().map(Condition::reads).min(Enum::compareTo).orElse(Precedence.RESULT);
  }

  /** How many conditions narrow the results: within a precedence, the narrower goes first. */
  int narrowness() {
    return conditions.size();
  }

  /** The kind's own words for this attempt, if it has them. */
  Optional<String> detail(AttemptEvidence e) {
    return detail == null ? Optional.empty() : Optional.of(detail.apply(e));
  }

  /** In words, for the documentation: "phase4 TRANSPORT_ERROR, no answer came back, …". */
  String words() {
    if (lookup != null) {
      return "smp-lookup " + lookup.name();
    }
    if (ownCode != null) {
      return "the outbound worker: " + ownCode;
    }
    StringBuilder b = new StringBuilder("phase4 ").append(names(results));
    conditions.forEach(c -> b.append(", ").append(c.words()));
    return b.toString();
  }

  private static String names(Set<? extends Enum<?>> values) {
    return values.stream().map(Enum::name).collect(Collectors.joining(" or "));
  }

  @Override
  public String toString() {
    return words();
  }
}
