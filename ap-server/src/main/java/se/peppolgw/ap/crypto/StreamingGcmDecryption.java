package se.peppolgw.ap.crypto;

import java.security.Provider;
import java.security.Security;

/**
 * Makes {@code Cipher.getInstance("AES/GCM/NoPadding")} return BouncyCastle's AES-GCM, which
 * decrypts as it reads, instead of the JDK's.
 *
 * <p>Why: WSS4J decrypts an AS4 message's encrypted payload through a
 * {@code javax.crypto.CipherInputStream} over {@code Cipher.getInstance(transformation)} with no
 * provider named. The JDK 17 AES-GCM decryption returns nothing before {@code doFinal}, and this
 * JDK's {@code CipherInputStream} then grows a fresh output array on every read (JDK-8298249), so
 * receiving a payload of n bytes allocates and copies O(n²) bytes: on this machine an 8 MB
 * payload took 20 s to decrypt (BouncyCastle: 0.8 s) and a 100 MB one did not finish in 10
 * minutes of CPU. BouncyCastle's GCM releases plaintext as the ciphertext streams in and still
 * checks the tag at the end (a tampered payload fails when the stream ends, before phase4 answers
 * with a receipt).
 *
 * <p>Only this one transformation is registered, first in the provider list; every other
 * algorithm keeps the JDK's provider. TLS with AES-GCM suites uses it too (the same provider
 * lookup), which works and costs a little CPU on bulk TLS traffic; no other effect.
 */
public final class StreamingGcmDecryption {
  static final String PROVIDER_NAME = "PeppolGatewayStreamingGcm";
  static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final String BOUNCY_CASTLE_GCM = "org.bouncycastle.jcajce.provider.symmetric.AES$GCM";

  private StreamingGcmDecryption() {}

  /** Idempotent; safe from several threads and from several gateways in one JVM (tests). */
  public static synchronized void install() {
    if (Security.getProvider(PROVIDER_NAME) == null) {
      Security.insertProviderAt(new GcmOnlyProvider(), 1);
    }
  }

  private static final class GcmOnlyProvider extends Provider {
    private static final long serialVersionUID = 1L;

    GcmOnlyProvider() {
      super(PROVIDER_NAME, "1.0", "AES/GCM/NoPadding from BouncyCastle, decrypting as it reads");
      putService(new Service(this, "Cipher", TRANSFORMATION, BOUNCY_CASTLE_GCM, null, null));
    }
  }
}
