package se.peppolgw.ap.ops.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.peppolgw.ap.ops.security.OperatorDirectory.Account;

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
}
