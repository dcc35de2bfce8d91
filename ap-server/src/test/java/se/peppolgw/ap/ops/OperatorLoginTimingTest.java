package se.peppolgw.ap.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.peppolgw.ap.ops.OperatorDirectory.Account;

/** Login timing does not tell which operator names exist (finding 8). */
class OperatorLoginTimingTest {
  private static final String PASSWORD = "s3cret-enough";

  private static Account account(String name, int cost) {
    return new Account(name, OperatorRole.OPERATOR, PasswordHashes.hash(PASSWORD, cost), List.of());
  }

  @Test
  void theDummyHashCostsAsMuchAsTheDearestRealOne() {
    OperatorDirectory d = new OperatorDirectory(List.of(account("ann", 5), account("bob", 6)));
    assertEquals(6, d.dummyCost());
    // the cost the gateway makes by default when none is configured
    assertEquals(PasswordHashes.DEFAULT_COST,
        new OperatorDirectory(List.of(new Account("tok", OperatorRole.VIEWER, null, List.of()))).dummyCost());
  }

  @Test
  void unknownNameAndWrongPasswordTakeOneCheckOfTheSameCost() {
    List<String> checked = new ArrayList<>();
    PasswordHashes.Verifier counting = (password, hash) -> {
      checked.add(hash);
      return PasswordHashes.matches(password, hash);
    };
    OperatorDirectory d = new OperatorDirectory(List.of(account("ann", 5), account("bob", 6)), counting);

    assertTrue(d.login("nobody", PASSWORD).isEmpty());
    assertTrue(d.login("ann", "wrong").isEmpty());
    assertTrue(d.login(null, null).isEmpty());
    assertTrue(d.login("bob", PASSWORD).isPresent());
    assertEquals(4, checked.size(), "exactly one check per login, known name or not");
    assertEquals(6, PasswordHashes.cost(checked.get(0)), "unknown name: checked against the dearest cost");
    assertEquals(6, PasswordHashes.cost(checked.get(2)));
  }

  /**
   * Coarse: medians of alternating samples, bounds of a factor of two either way. On main the
   * unknown name was checked against a cost-10 dummy, four times the cost-8 hash used here.
   */
  @Test
  void measuredUnknownAndWrongTakeAboutAsLong() {
    OperatorDirectory d = new OperatorDirectory(List.of(account("ann", 8)));
    d.login("warm-up", "x");
    d.login("ann", "x");
    long[] unknown = new long[9];
    long[] wrong = new long[9];
    for (int i = 0; i < unknown.length; i++) {
      long t0 = System.nanoTime();
      d.login("nobody-" + i, "x");
      long t1 = System.nanoTime();
      d.login("ann", "x" + i);
      long t2 = System.nanoTime();
      unknown[i] = t1 - t0;
      wrong[i] = t2 - t1;
    }
    double ratio = (double) median(unknown) / median(wrong);
    assertTrue(ratio > 0.5 && ratio < 2.0, "unknown/wrong time ratio " + ratio);
  }

  private static long median(long[] v) {
    long[] c = v.clone();
    Arrays.sort(c);
    return c[c.length / 2];
  }
}
