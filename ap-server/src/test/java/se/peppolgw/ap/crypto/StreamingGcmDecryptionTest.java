package se.peppolgw.ap.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.CipherInputStream;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StreamingGcmDecryptionTest {
  private static final int SIZE = 8 << 20;

  @BeforeAll
  static void install() {
    StreamingGcmDecryption.install();
    StreamingGcmDecryption.install(); // idempotent
  }

  @Test
  void aesGcmComesFromTheStreamingProviderAndNothingElseDoes() throws Exception {
    assertEquals(StreamingGcmDecryption.PROVIDER_NAME,
        Cipher.getInstance("AES/GCM/NoPadding").getProvider().getName());
    assertEquals("SunJCE", Cipher.getInstance("AES/CBC/PKCS5Padding").getProvider().getName());
    assertEquals(1, java.util.Arrays.stream(java.security.Security.getProviders())
        .filter(p -> p.getName().equals(StreamingGcmDecryption.PROVIDER_NAME)).count());
  }

  /**
   * The JDK's GCM behind a CipherInputStream allocates O(n²): for 8 MB read in 8 KB chunks about
   * 4 GB. Counted in bytes allocated by this thread, not in time.
   */
  @Test
  void decryptingThroughAStreamAllocatesInProportionToTheSizeAndRoundTrips() throws Exception {
    byte[] plain = new byte[SIZE];
    new Random(7).nextBytes(plain);
    SecretKey key = new SecretKeySpec(randomBytes(16), "AES");
    byte[] iv = randomBytes(12);
    byte[] sealed = encrypt(key, iv, plain);

    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    byte[] opened = readAll(decryptingStream(key, iv, sealed));
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    assertArrayEquals(plain, opened);
    // the plaintext itself (collected in a growing ByteArrayOutputStream: ~3x) plus small buffers
    assertTrue(allocated < 8L * SIZE, "allocated " + allocated + " bytes to decrypt " + SIZE);
  }

  @Test
  void aTamperedPayloadFailsWhenTheStreamEnds() throws Exception {
    byte[] plain = new byte[256 * 1024];
    new Random(8).nextBytes(plain);
    SecretKey key = new SecretKeySpec(randomBytes(16), "AES");
    byte[] iv = randomBytes(12);
    byte[] sealed = encrypt(key, iv, plain);
    sealed[sealed.length / 2] ^= 1;
    assertThrows(IOException.class, () -> readAll(decryptingStream(key, iv, sealed)));
  }

  @Test
  void aWrongKeyFails() throws Exception {
    byte[] iv = randomBytes(12);
    byte[] sealed = encrypt(new SecretKeySpec(randomBytes(16), "AES"), iv, new byte[1000]);
    assertThrows(IOException.class,
        () -> readAll(decryptingStream(new SecretKeySpec(randomBytes(16), "AES"), iv, sealed)));
  }

  private static InputStream decryptingStream(SecretKey key, byte[] iv, byte[] sealed) throws Exception {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
    return new CipherInputStream(new ByteArrayInputStream(sealed), c);
  }

  private static byte[] encrypt(SecretKey key, byte[] iv, byte[] plain) throws Exception {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
    return c.doFinal(plain);
  }

  private static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      for (int n; (n = in.read(buf)) > 0; ) {
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new SecureRandom().nextBytes(b);
    return b;
  }
}
