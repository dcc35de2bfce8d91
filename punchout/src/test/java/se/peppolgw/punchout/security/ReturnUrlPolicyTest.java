package se.peppolgw.punchout.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The return-URL allow-list compares the decoded, normalised URL and refuses every ambiguous spelling. */
class ReturnUrlPolicyTest {
  private final ReturnUrlPolicy policy = new ReturnUrlPolicy(
      List.of("https://buyer.example/return", "https://other.example/oci/", "https://ports.example:8443/cb"), true);

  @ParameterizedTest
  @ValueSource(strings = {
      "https://buyer.example/return",
      "https://buyer.example/return/",
      "https://buyer.example/return/sub/deeper?x=1&y=%2e%2e#frag",
      "https://BUYER.EXAMPLE/return",                 // host is case-insensitive
      "HTTPS://buyer.example/return",                 // so is the scheme
      "https://buyer.example:443/return",             // default port written out
      "https://buyer.example/r%65turn/sub",           // an escaped letter decodes to the same segment
      "https://buyer.example/return/cb;jsessionid=1", // path parameters after the prefix are fine
      "https://buyer.example/return//sub",            // an empty segment below the prefix
      "https://other.example/oci/",
      "https://other.example/oci/x",
      "https://ports.example:8443/cb",
      " https://buyer.example/return ",               // surrounding white space is trimmed
  })
  void allowed(String url) {
    assertEquals(Optional.empty(), policy.check(url), url);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      // percent-encoded dot segments, every spelling browsers resolve
      "https://buyer.example/return/%2e%2e/evil",
      "https://buyer.example/return/%2E%2E/evil",
      "https://buyer.example/return/.%2e/evil",
      "https://buyer.example/return/%2e./evil",
      "https://buyer.example/return/%2e/x",
      "https://buyer.example/return/..",
      "https://buyer.example/return/../evil",
      "https://buyer.example/return/./x",
      // double encoding
      "https://buyer.example/return/%252e%252e/evil",
      "https://buyer.example/return/%25",
      // backslashes, raw and encoded; encoded slashes
      "https://buyer.example/return\\..\\evil",
      "https://buyer.example/return/%5c..%5cevil",
      "https://buyer.example/return%2f..%2fevil",
      "https://buyer.example/return/..%2fevil",
      // path parameters inside the prefix, or hiding a dot segment
      "https://buyer.example/return;x=1/sub",
      "https://buyer.example/return/..;/evil",
      "https://buyer.example/return/.;x/sub",
      // user info, in every position
      "https://user@buyer.example/return",
      "https://buyer.example@evil.example/return",
      "https://buyer.example:443@evil.example/return",
      "https://user:pw@buyer.example/return",
      // other hosts, ports and schemes
      "https://evil.example/return",
      "https://buyer.example.evil.example/return",
      "https://buyer.example./return",
      "https://buyer.example:8443/return",
      "https://buyer.example:0443/return",
      "https://ports.example/cb",
      "http://buyer.example/return",
      "javascript:alert(1)//https://buyer.example/return",
      "//buyer.example/return",
      "/return",
      // prefix boundaries
      "https://buyer.example/returnX",
      "https://buyer.example/retur",
      "https://buyer.example//return",
      "https://other.example/oci",
      // control characters, malformed escapes, broken UTF-8
      "https://buyer.example/return/a%00b",
      "https://buyer.example/return/%0a",
      "https://buyer.example/return/%zz",
      "https://buyer.example/return/%2",
      "https://buyer.example/return/%c3%28",
      "https://buyer.example/ret\turn",
  })
  void refused(String url) {
    assertTrue(policy.check(url).isPresent(), url);
  }

  @Test
  void theReasonNeverEchoesTheUrl() {
    String reason = policy.check("https://evil.example/return/%2e%2e/").orElseThrow();
    assertTrue(!reason.contains("evil"), reason);
  }

  @Test
  void aRootPrefixAllowsTheWholeHostAndAnUnparseablePrefixAllowsNothing() {
    ReturnUrlPolicy root = new ReturnUrlPolicy(List.of("https://buyer.example"), true);
    assertEquals(Optional.empty(), root.check("https://buyer.example/anything/below"));
    assertTrue(root.check("https://buyer.example/a/%2e%2e/b").isPresent());
    ReturnUrlPolicy broken = new ReturnUrlPolicy(List.of("https://buyer.example/return/%2e%2e/", "not a url"), true);
    assertTrue(broken.check("https://buyer.example/return/x").isPresent());
  }
}
