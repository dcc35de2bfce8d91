package se.peppolgw.ap.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.config.Mode;

/**
 * The files of the {@link DevPki} on disk: reading the password and the PKCS#12 stores (with the
 * words that tell an operator which files to delete when they cannot be opened), and writing each
 * file atomically (temp file, fsync, rename) so that an interrupted generation leaves nothing
 * half-written. What to generate and when to re-issue is decided by {@link DevPki}.
 */
final class DevPkiFiles {
  private static final String TMP_SUFFIX = ".tmp";
  // the dev PKI's logger: one story in the log
  private static final Logger LOG = LoggerFactory.getLogger(DevPki.class);

  private DevPkiFiles() {}

  static char[] readPassword(Path file) throws IOException {
    String s = Files.readString(file, StandardCharsets.UTF_8).strip();
    if (s.isEmpty()) {
      throw new KeyMaterialException(
          "gateway.keystore.dir: "
              + file
              + " is empty; delete the dev-* files in "
              + file.getParent()
              + " to generate a new dev PKI");
    }
    return s.toCharArray();
  }

  private static KeyStore openPkcs12(Path file, char[] password) {
    try {
      KeyStore ks = KeyStore.getInstance(Certificates.PKCS12);
      ks.load(new ByteArrayInputStream(Files.readAllBytes(file)), password);
      return ks;
    } catch (IOException | GeneralSecurityException e) {
      throw new KeyMaterialException(
          "gateway.keystore.dir: "
              + file
              + " cannot be opened with the password in "
              + DevPki.PASSWORD_FILE
              + " ("
              + e.getMessage()
              + "); delete the dev-* files in "
              + file.getParent()
              + " to generate a new dev PKI",
          e);
    }
  }

  static DevCa loadCa(Path caFile, char[] password) {
    KeyStore ks = openPkcs12(caFile, password);
    try {
      Key key = ks.getKey(DevPki.CA_ALIAS, password);
      Certificate cert = ks.getCertificate(DevPki.CA_ALIAS);
      if (!(key instanceof PrivateKey) || !(cert instanceof X509Certificate)) {
        throw new KeyMaterialException(
            "gateway.keystore.dir: "
                + caFile
                + " has no CA key under alias '"
                + DevPki.CA_ALIAS
                + "'; delete the dev-* files in "
                + caFile.getParent()
                + " to generate a new dev PKI");
      }
      return new DevCa((PrivateKey) key, (X509Certificate) cert);
    } catch (GeneralSecurityException e) {
      throw new KeyMaterialException(
          "gateway.keystore.dir: cannot read the CA key in " + caFile + " (" + e + ")", e);
    }
  }

  /** Null when the AP file does not hold a usable key of this CA (it is then re-issued). */
  static ApKeyMaterial loadAp(Path apFile, char[] password, DevCa ca) {
    KeyStore ks = openPkcs12(apFile, password);
    try {
      Key key = ks.getKey(DevPki.AP_ALIAS, password);
      Certificate[] chain = ks.getCertificateChain(DevPki.AP_ALIAS);
      if (!(key instanceof PrivateKey) || chain == null || chain.length == 0) {
        LOG.warn("{} has no key entry '{}'; issuing a new AP certificate", apFile, DevPki.AP_ALIAS);
        return null;
      }
      List<X509Certificate> certs = new ArrayList<>();
      for (Certificate c : chain) {
        certs.add((X509Certificate) c);
      }
      return new ApKeyMaterial(
          Mode.LOCAL,
          DevPki.AP_ALIAS,
          password,
          (PrivateKey) key,
          certs,
          List.of(ca.certificate()));
    } catch (GeneralSecurityException | ClassCastException e) {
      LOG.warn("{} cannot be read ({}); issuing a new AP certificate", apFile, e.toString());
      return null;
    }
  }

  static boolean trustStoreHoldsOnly(Path file, char[] password, X509Certificate ca) {
    if (!Files.exists(file)) {
      return false;
    }
    try {
      List<X509Certificate> certs =
          Certificates.trustedCertificates(openPkcs12(file, password));
      return certs.size() == 1 && Certificates.sameCertificate(certs.get(0), ca);
    } catch (RuntimeException e) {
      LOG.warn("{} cannot be read ({}); writing it again", file, e.toString());
      return false;
    }
  }

  static void deleteLeftoverTempFiles(Path dir) throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "dev-*" + TMP_SUFFIX)) {
      for (Path p : ds) {
        LOG.warn("Deleting {} left over from an interrupted dev PKI generation", p);
        Files.deleteIfExists(p);
      }
    }
  }

  /** Temp file in the same directory (mode 600), fsync, rename over the target. */
  static void writeAtomically(Path target, byte[] content) throws IOException {
    Path dir = target.getParent();
    Files.createDirectories(dir);
    String prefix = target.getFileName().toString() + ".";
    Path tmp;
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Set<PosixFilePermission> perms = PosixFilePermissions.fromString("rw-------");
      FileAttribute<Set<PosixFilePermission>> attr = PosixFilePermissions.asFileAttribute(perms);
      tmp = Files.createTempFile(dir, prefix, TMP_SUFFIX, attr);
    } else {
      tmp = Files.createTempFile(dir, prefix, TMP_SUFFIX);
    }
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    syncDirectory(dir);
  }

  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // not possible on every OS/file system (e.g. Windows); the rename itself is still atomic
    }
  }
}
