package se.peppolgw.ap.pki;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/** Small certificate and key store helpers shared by the pki package. */
final class Certificates {
  static final String PKCS12 = "PKCS12";
  private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

  private Certificates() {}

  /** The first CN of the subject, or {@code null}. */
  static String commonName(X509Certificate cert) {
    X500Name name = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
    RDN[] cns = name.getRDNs(BCStyle.CN);
    if (cns.length == 0) {
      return null;
    }
    return IETFUtils.valueToString(cns[0].getFirst().getValue());
  }

  static String subject(X509Certificate cert) {
    return cert.getSubjectX500Principal().getName();
  }

  static String issuer(X509Certificate cert) {
    return cert.getIssuerX500Principal().getName();
  }

  /** "2025-01-01" (UTC). */
  static String date(Instant instant) {
    return DATE.format(instant);
  }

  /** True when {@code cert}'s signature verifies with {@code ca}'s public key. */
  static boolean isSignedBy(X509Certificate cert, X509Certificate ca) {
    if (!cert.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
      return false;
    }
    try {
      cert.verify(ca.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** False only when both keys are RSA and the moduli differ (other key types: not checked). */
  static boolean keyMatches(PrivateKey privateKey, PublicKey publicKey) {
    if (privateKey instanceof RSAPrivateKey && publicKey instanceof RSAPublicKey) {
      return ((RSAPrivateKey) privateKey)
          .getModulus()
          .equals(((RSAPublicKey) publicKey).getModulus());
    }
    return true;
  }

  static KeyStore emptyPkcs12() {
    try {
      KeyStore ks = KeyStore.getInstance(PKCS12);
      ks.load(null, null);
      return ks;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("PKCS#12 is not available in this JVM", e);
    }
  }

  /** A PKCS#12 key store with one private key entry. */
  static KeyStore keyStore(
      String alias, PrivateKey key, char[] password, List<X509Certificate> chain) {
    KeyStore ks = emptyPkcs12();
    try {
      ks.setKeyEntry(alias, key, password, chain.toArray(new Certificate[0]));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the PKCS#12 key store", e);
    }
    return ks;
  }

  /** A PKCS#12 trust store with one trusted certificate entry per CA. */
  static KeyStore trustStore(Collection<X509Certificate> cas) {
    KeyStore ks = emptyPkcs12();
    try {
      int i = 0;
      for (X509Certificate ca : cas) {
        ks.setCertificateEntry(trustAlias(ca, i++), ca);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the PKCS#12 trust store", e);
    }
    return ks;
  }

  private static String trustAlias(X509Certificate ca, int index) {
    String cn = commonName(ca);
    return (cn == null ? "ca" : cn.toLowerCase(java.util.Locale.ROOT)) + " #" + index;
  }

  /** All trusted certificate entries of a key store, in alias order. */
  static List<X509Certificate> trustedCertificates(KeyStore ks) {
    List<X509Certificate> out = new ArrayList<>();
    try {
      List<String> aliases = Collections.list(ks.aliases());
      Collections.sort(aliases);
      for (String alias : aliases) {
        if (ks.isCertificateEntry(alias)
            && ks.getCertificate(alias) instanceof X509Certificate) {
          out.add((X509Certificate) ks.getCertificate(alias));
        }
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the trust store", e);
    }
    return out;
  }

  static byte[] serialize(KeyStore ks, char[] password) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ks.store(out, password);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot serialize the PKCS#12 key store", e);
    }
    return out.toByteArray();
  }

  static boolean sameCertificate(X509Certificate a, X509Certificate b) {
    try {
      return java.util.Arrays.equals(a.getEncoded(), b.getEncoded());
    } catch (CertificateEncodingException e) {
      return false;
    }
  }
}
