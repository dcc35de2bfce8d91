package se.peppolgw.ap.pki;

import com.helger.peppol.security.PeppolTrustedCA;
import com.helger.security.certificate.TrustedCAChecker;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.config.Mode;
import se.peppolgw.smp.PeppolPkiGenerations;

/**
 * Loads the gateway's key material at start-up and refuses to start (with a {@link
 * KeyMaterialException} naming the configuration key to fix) when it is unusable.
 *
 * <ul>
 *   <li>LOCAL: {@link DevPki#loadOrCreate(Path, String)} in {@code gateway.keystore.dir}.
 *   <li>TEST / PRODUCTION: the configured PKCS#12 ({@code gateway.keystore.*}). The certificate
 *       must be valid now, carry a seat id as CN, and be issued by a Peppol AP CA (G2 or G3) of
 *       that network or by a CA of the optional {@code gateway.truststore.path}. The trust store is
 *       the network's AP CAs from peppol-commons' {@link PeppolTrustedCA} plus that file.
 * </ul>
 *
 * Passwords never appear in messages or logs.
 */
public final class ApKeyMaterialLoader {
  private static final Logger LOG = LoggerFactory.getLogger(ApKeyMaterialLoader.class);

  private ApKeyMaterialLoader() {}

  /** LOCAL mode uses {@link DevPki#DEFAULT_SEAT_ID}. */
  public static ApKeyMaterial load(PkiSettings settings) {
    return load(settings, DevPki.DEFAULT_SEAT_ID, Clock.systemUTC());
  }

  /**
   * @param localSeatId the seat id of the generated certificate in LOCAL mode ({@code
   *     gateway.local.seat-id}); ignored otherwise
   */
  public static ApKeyMaterial load(PkiSettings settings, String localSeatId) {
    return load(settings, localSeatId, Clock.systemUTC());
  }

  public static ApKeyMaterial load(PkiSettings settings, String localSeatId, Clock clock) {
    if (settings.mode() == Mode.LOCAL) {
      if (settings.keystoreDir() == null) {
        throw new KeyMaterialException(
            "gateway.keystore.dir: not set; local mode needs a directory for the generated dev"
                + " PKI");
      }
      ApKeyMaterial m = DevPki.loadOrCreate(settings.keystoreDir(), localSeatId).apKeyMaterial();
      LOG.info("Local mode: using the dev PKI in {}: {}", settings.keystoreDir(), m);
      return m;
    }
    ApKeyMaterial m = loadNetwork(settings, clock);
    LOG.info(
        "{} mode: loaded {} from {} ({} days until expiry)",
        settings.mode(),
        m,
        settings.keystorePath(),
        m.daysUntilExpiry(clock));
    return m;
  }

  /**
   * The Peppol AP CA certificates of a network from peppol-commons: G3, and G2 only when {@code
   * trustG2} (see {@link PeppolPkiGenerations}).
   */
  public static List<X509Certificate> peppolApCas(Mode mode, boolean trustG2) {
    return PeppolPkiGenerations.filter(peppolApCas(mode), trustG2);
  }

  /** All Peppol AP CA certificates (G2 and G3) peppol-commons ships for a network. */
  public static List<X509Certificate> peppolApCas(Mode mode) {
    TrustedCAChecker checker;
    switch (mode) {
      case TEST:
        checker = PeppolTrustedCA.peppolTestAP();
        break;
      case PRODUCTION:
        checker = PeppolTrustedCA.peppolProductionAP();
        break;
      default:
        throw new IllegalArgumentException("no Peppol AP CAs for mode " + mode);
    }
    return List.copyOf(checker.getAllTrustedAPCertificates().getAllTrustedCACertificates());
  }

  private static ApKeyMaterial loadNetwork(PkiSettings s, Clock clock) {
    Mode mode = s.mode();
    Path path = s.keystorePath();
    if (path == null) {
      throw new KeyMaterialException(
          "gateway.keystore.path: not set; "
              + mode
              + " mode needs the PKCS#12 file with your Peppol AP key and certificate");
    }
    if (!Files.exists(path)) {
      throw new KeyMaterialException("gateway.keystore.path: file " + path + " does not exist");
    }
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new KeyMaterialException(
          "gateway.keystore.path: " + path + " is not a readable file");
    }
    if (s.keystorePassword() == null) {
      throw new KeyMaterialException(
          "gateway.keystore.password: not set (needed to open " + path + ")");
    }
    KeyStore ks =
        openPkcs12(path, s.keystorePassword(), "gateway.keystore.path", "gateway.keystore.password");

    String alias = chooseAlias(ks, s.keyAlias(), path);
    boolean ownKeyPassword = s.keyPassword() != null;
    char[] keyPassword =
        (ownKeyPassword ? s.keyPassword() : s.keystorePassword()).toCharArray();
    PrivateKey key;
    List<X509Certificate> chain = new ArrayList<>();
    try {
      Key k = ks.getKey(alias, keyPassword);
      if (!(k instanceof PrivateKey)) {
        throw new KeyMaterialException(
            "gateway.keystore.alias: no private key under alias '"
                + alias
                + "' in "
                + path
                + " (it is a "
                + entryKind(ks, alias)
                + "); key entries: "
                + keyAliases(ks));
      }
      key = (PrivateKey) k;
      Certificate[] certs = ks.getCertificateChain(alias);
      if (certs == null || certs.length == 0) {
        throw new KeyMaterialException(
            "gateway.keystore.alias: the key under alias '"
                + alias
                + "' in "
                + path
                + " has no certificate");
      }
      for (Certificate c : certs) {
        if (!(c instanceof X509Certificate)) {
          throw new KeyMaterialException(
              "gateway.keystore.path: the certificate chain of alias '"
                  + alias
                  + "' in "
                  + path
                  + " is not X.509");
        }
        chain.add((X509Certificate) c);
      }
    } catch (UnrecoverableKeyException e) {
      throw new KeyMaterialException(
          "gateway.keystore.key-password"
              + ": wrong password for the key under alias '"
              + alias
              + "' in "
              + path
              + (ownKeyPassword
                  ? ""
                  : " (the key store password does not open the key; set the key password)"),
          e);
    } catch (GeneralSecurityException e) {
      throw new KeyMaterialException(
          "gateway.keystore.path: cannot read the key under alias '"
              + alias
              + "' in "
              + path
              + " ("
              + e.getClass().getSimpleName()
              + ")",
          e);
    }

    X509Certificate cert = chain.get(0);
    String where = " (alias '" + alias + "' in " + path + ", subject " + Certificates.subject(cert) + ")";
    if (!Certificates.keyMatches(key, cert.getPublicKey())) {
      throw new KeyMaterialException(
          "gateway.keystore.path: the private key does not belong to its certificate" + where);
    }
    Instant now = clock.instant();
    Instant notAfter = cert.getNotAfter().toInstant();
    Instant notBefore = cert.getNotBefore().toInstant();
    if (now.isAfter(notAfter)) {
      throw new KeyMaterialException(
          "gateway.keystore.path: certificate expired on "
              + Certificates.date(notAfter)
              + where
              + "; install the renewed Peppol AP certificate");
    }
    if (now.isBefore(notBefore)) {
      throw new KeyMaterialException(
          "gateway.keystore.path: certificate is not yet valid: valid from "
              + notBefore
              + where
              + "; check the system clock or wait until then");
    }
    String cn = Certificates.commonName(cert);
    if (cn == null || !DevPki.SEAT_ID.matcher(cn).matches()) {
      throw new KeyMaterialException(
          "gateway.keystore.path: the certificate's CN '"
              + cn
              + "' is not a Peppol seat id ("
              + DevPki.SEAT_ID.pattern()
              + ")"
              + where
              + "; is this the Peppol AP certificate?");
    }

    boolean trustG2 = PeppolPkiGenerations.g2Trusted(s.trustG2(), clock.instant());
    if (s.trustG2()) {
      LOG.warn(
          "gateway.pki.trust-g2=true: the G2 Peppol CAs, revoked since {}, are trusted (a closed"
              + " test network only)",
          PeppolPkiGenerations.G2_TRUST_ENDS);
    }
    List<X509Certificate> cas = new ArrayList<>(peppolApCas(mode, trustG2));
    if (s.truststorePath() != null) {
      cas.addAll(loadExtraCas(s));
    }
    if (cas.stream().noneMatch(ca -> Certificates.isSignedBy(cert, ca))) {
      if (!trustG2
          && peppolApCas(mode, true).stream().anyMatch(ca -> Certificates.isSignedBy(cert, ca))) {
        throw new KeyMaterialException(
            "gateway.keystore.path: the certificate is issued by the G2 Peppol AP CA ("
                + Certificates.issuer(cert)
                + "), which is no longer trusted since "
                + PeppolPkiGenerations.G2_TRUST_ENDS
                + where
                + "; get a G3 certificate, or set gateway.pki.trust-g2=true on a closed test"
                + " network");
      }
      Mode other = mode == Mode.TEST ? Mode.PRODUCTION : Mode.TEST;
      boolean otherNetwork =
          peppolApCas(other).stream().anyMatch(ca -> Certificates.isSignedBy(cert, ca));
      throw new KeyMaterialException(
          "gateway.keystore.path: certificate is not issued by a Peppol AP CA of the "
              + mode
              + " network (issuer: "
              + Certificates.issuer(cert)
              + ")"
              + where
              + "; expected one of: "
              + cas.stream().map(Certificates::subject).collect(Collectors.toList())
              + (otherNetwork
                  ? ". It is a " + other + " network certificate: set gateway.mode=" + other.name().toLowerCase(java.util.Locale.ROOT)
                  : ""));
    }
    return new ApKeyMaterial(mode, alias, keyPassword, key, chain, cas);
  }

  private static KeyStore openPkcs12(Path path, String password, String pathKey, String pwKey) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (IOException e) {
      throw new KeyMaterialException(pathKey + ": cannot read " + path + " (" + e + ")", e);
    }
    try {
      KeyStore ks = KeyStore.getInstance(Certificates.PKCS12);
      ks.load(new ByteArrayInputStream(bytes), password.toCharArray());
      return ks;
    } catch (IOException e) {
      if (hasCause(e, UnrecoverableKeyException.class)
          || String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("password")) {
        throw new KeyMaterialException(
            pwKey + ": wrong password for " + path + " (keystore could not be decrypted)", e);
      }
      throw new KeyMaterialException(
          pathKey + ": " + path + " is not a PKCS#12 key store (" + e.getMessage() + ")", e);
    } catch (GeneralSecurityException e) {
      throw new KeyMaterialException(
          pathKey + ": " + path + " cannot be loaded as PKCS#12 (" + e.getMessage() + ")", e);
    }
  }

  private static List<X509Certificate> loadExtraCas(PkiSettings s) {
    Path path = s.truststorePath();
    if (!Files.isRegularFile(path)) {
      throw new KeyMaterialException("gateway.truststore.path: file " + path + " does not exist");
    }
    if (s.truststorePassword() == null) {
      throw new KeyMaterialException(
          "gateway.truststore.password: not set (needed to open " + path + ")");
    }
    KeyStore ts =
        openPkcs12(
            path, s.truststorePassword(), "gateway.truststore.path", "gateway.truststore.password");
    List<X509Certificate> cas = Certificates.trustedCertificates(ts);
    if (cas.isEmpty()) {
      throw new KeyMaterialException(
          "gateway.truststore.path: " + path + " contains no trusted certificate entry");
    }
    return cas;
  }

  private static String chooseAlias(KeyStore ks, String configured, Path path) {
    try {
      if (configured != null) {
        if (!ks.containsAlias(configured)) {
          throw new KeyMaterialException(
              "gateway.keystore.alias: alias '"
                  + configured
                  + "' not found in "
                  + path
                  + "; the keystore contains: "
                  + allAliases(ks));
        }
        return configured;
      }
      List<String> keys = keyAliases(ks);
      if (keys.size() == 1) {
        return keys.get(0);
      }
      throw new KeyMaterialException(
          "gateway.keystore.alias: not set and "
              + path
              + (keys.isEmpty()
                  ? " contains no private key entry; the keystore contains: " + allAliases(ks)
                  : " contains " + keys.size() + " private keys " + keys + "; set which one to use"));
    } catch (KeyStoreException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> allAliases(KeyStore ks) throws KeyStoreException {
    List<String> a = Collections.list(ks.aliases());
    Collections.sort(a);
    return a;
  }

  private static List<String> keyAliases(KeyStore ks) {
    try {
      List<String> keys = new ArrayList<>();
      for (String a : allAliases(ks)) {
        if (ks.isKeyEntry(a)) {
          keys.add(a);
        }
      }
      return keys;
    } catch (KeyStoreException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String entryKind(KeyStore ks, String alias) throws KeyStoreException {
    if (ks.isCertificateEntry(alias)) {
      return "trusted certificate entry";
    }
    return ks.isKeyEntry(alias) ? "secret key entry" : "entry without a private key";
  }

  private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }
}
