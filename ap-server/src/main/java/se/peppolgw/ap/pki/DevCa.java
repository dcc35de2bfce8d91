package se.peppolgw.ap.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.cert.ocsp.jcajce.JcaBasicOCSPRespBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import se.peppolgw.ap.config.Mode;

/**
 * A certificate authority made with BouncyCastle: the local-mode dev CA, or (for tests) a foreign
 * CA that nobody trusts. It issues Peppol-shaped AP certificates: CN = seat id, O and C set, RSA
 * 2048, SHA256withRSA, keyUsage digitalSignature + keyEncipherment + dataEncipherment.
 */
public final class DevCa {
  static final String SIGNATURE_ALGORITHM = "SHA256withRSA";
  static final int RSA_BITS = 2048;
  static final Duration CA_VALIDITY = Duration.ofDays(10 * 365);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final PrivateKey caKey;
  private final X509Certificate caCertificate;

  DevCa(PrivateKey caKey, X509Certificate caCertificate) {
    this.caKey = Objects.requireNonNull(caKey, "caKey");
    this.caCertificate = Objects.requireNonNull(caCertificate, "caCertificate");
  }

  /** Generates a new self-signed CA (basicConstraints CA, keyCertSign + cRLSign), 10 years. */
  public static DevCa generate(String commonName) {
    Objects.requireNonNull(commonName, "commonName");
    KeyPair kp = newRsaKeyPair();
    Instant now = Instant.now();
    X500Name name =
        new X500NameBuilder(BCStyle.INSTANCE)
            .addRDN(BCStyle.C, "SE")
            .addRDN(BCStyle.O, "Peppol Gateway (development only)")
            .addRDN(BCStyle.CN, commonName)
            .build();
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              name,
              randomSerial(),
              Date.from(now.minus(Duration.ofHours(1))),
              Date.from(now.plus(CA_VALIDITY)),
              name,
              kp.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      b.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      b.addExtension(
          Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
      X509Certificate cert = sign(b, kp.getPrivate());
      return new DevCa(kp.getPrivate(), cert);
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot generate the CA certificate", e);
    }
  }

  public X509Certificate certificate() {
    return caCertificate;
  }

  PrivateKey privateKey() {
    return caKey;
  }

  /**
   * Issues an AP certificate for {@code seatId} with a new key. The result is LOCAL-mode key
   * material (alias {@code ap}, chain [ap, ca]) that trusts only this CA.
   */
  public ApKeyMaterial issueApCertificate(String seatId, Instant notBefore, Instant notAfter) {
    return issueApCertificate(seatId, notBefore, notAfter, null);
  }

  /**
   * As {@link #issueApCertificate(String, Instant, Instant)}, with a CRL distribution point (for
   * revocation tests); {@code crlUrl} may be {@code null}.
   */
  public ApKeyMaterial issueApCertificate(
      String seatId, Instant notBefore, Instant notAfter, String crlUrl) {
    return issueApCertificate(seatId, notBefore, notAfter, crlUrl, null);
  }

  /**
   * As {@link #issueApCertificate(String, Instant, Instant, String)}, also with an OCSP responder
   * in the Authority Information Access extension (for revocation tests); either URL may be {@code
   * null}.
   */
  public ApKeyMaterial issueApCertificate(
      String seatId, Instant notBefore, Instant notAfter, String crlUrl, String ocspUrl) {
    Objects.requireNonNull(seatId, "seatId");
    if (!notAfter.isAfter(notBefore)) {
      throw new IllegalArgumentException("notAfter must be after notBefore");
    }
    KeyPair kp = newRsaKeyPair();
    X500Name subject =
        new X500NameBuilder(BCStyle.INSTANCE)
            .addRDN(BCStyle.C, "SE")
            .addRDN(BCStyle.O, "Peppol Gateway (development only)")
            .addRDN(BCStyle.OU, "PEPPOL TEST AP")
            .addRDN(BCStyle.CN, seatId)
            .build();
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              caCertificate,
              randomSerial(),
              Date.from(notBefore),
              Date.from(notAfter),
              subject,
              kp.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(
              KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.dataEncipherment));
      b.addExtension(
          Extension.extendedKeyUsage,
          false,
          new ExtendedKeyUsage(
              new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_serverAuth}));
      b.addExtension(
          Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
      b.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          ext.createAuthorityKeyIdentifier(caCertificate));
      if (crlUrl != null) {
        GeneralNames names =
            new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, crlUrl));
        DistributionPoint dp =
            new DistributionPoint(new DistributionPointName(names), null, null);
        b.addExtension(
            Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {dp}));
      }
      if (ocspUrl != null) {
        b.addExtension(
            Extension.authorityInfoAccess,
            false,
            new AuthorityInformationAccess(
                AccessDescription.id_ad_ocsp,
                new GeneralName(GeneralName.uniformResourceIdentifier, ocspUrl)));
      }
      X509Certificate cert = sign(b, caKey);
      return new ApKeyMaterial(
          Mode.LOCAL,
          DevPki.AP_ALIAS,
          DevPki.randomPassword().toCharArray(),
          kp.getPrivate(),
          List.of(cert, caCertificate),
          List.of(caCertificate));
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot issue the AP certificate", e);
    }
  }

  /**
   * A CRL signed by this CA listing {@code revoked} (reason keyCompromise), valid from {@code
   * thisUpdate} to {@code nextUpdate}.
   */
  public X509CRL createCrl(Instant thisUpdate, Instant nextUpdate, X509Certificate... revoked) {
    try {
      X509v2CRLBuilder b = new JcaX509v2CRLBuilder(caCertificate, Date.from(thisUpdate));
      b.setNextUpdate(Date.from(nextUpdate));
      for (X509Certificate c : revoked) {
        b.addCRLEntry(c.getSerialNumber(), Date.from(thisUpdate), CRLReason.keyCompromise);
      }
      b.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(caCertificate));
      ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(caKey);
      return new JcaX509CRLConverter().getCRL(b.build(signer));
    } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot create the CRL", e);
    }
  }

  /**
   * This CA's OCSP answer (RFC 6960, DER) to {@code request}: each certificate it issued is good
   * unless its serial number is in {@code revoked} (then revoked an hour before {@code now}, reason
   * keyCompromise); a certificate of another issuer is unknown. Signed by the CA itself, valid for
   * an hour, the request's nonce echoed. For tests that run an OCSP responder.
   */
  public byte[] ocspResponse(byte[] request, Instant now, Set<BigInteger> revoked) {
    try {
      OCSPReq req = new OCSPReq(request);
      DigestCalculatorProvider digests = new JcaDigestCalculatorProviderBuilder().build();
      X509CertificateHolder ca = new JcaX509CertificateHolder(caCertificate);
      BasicOCSPRespBuilder b =
          new JcaBasicOCSPRespBuilder(caCertificate.getPublicKey(), digests.get(RespID.HASH_SHA1));
      for (Req r : req.getRequestList()) {
        CertificateID id = r.getCertID();
        CertificateStatus status;
        if (!id.matchesIssuer(ca, digests)) {
          status = new UnknownStatus();
        } else if (revoked.contains(id.getSerialNumber())) {
          status = new RevokedStatus(Date.from(now.minus(Duration.ofHours(1))), CRLReason.keyCompromise);
        } else {
          status = CertificateStatus.GOOD;
        }
        b.addResponse(id, status, Date.from(now.minus(Duration.ofMinutes(1))), Date.from(now.plus(Duration.ofHours(1))));
      }
      Extension nonce = req.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
      if (nonce != null) {
        b.setResponseExtensions(new Extensions(nonce));
      }
      BasicOCSPResp basic =
          b.build(
              new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(caKey),
              new X509CertificateHolder[] {ca},
              Date.from(now));
      return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
    } catch (IOException | GeneralSecurityException | OperatorCreationException | OCSPException e) {
      throw new IllegalStateException("cannot answer the OCSP request", e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key)
      throws GeneralSecurityException {
    try {
      ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(key);
      return new JcaX509CertificateConverter().getCertificate(b.build(signer));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("cannot create the signer", e);
    }
  }

  static KeyPair newRsaKeyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(RSA_BITS, RANDOM);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA is not available", e);
    }
  }

  private static BigInteger randomSerial() {
    // positive, 127 bits: unique in practice and within the 20-octet limit of RFC 5280
    return new BigInteger(127, RANDOM).setBit(126);
  }
}
