package se.peppolgw.smp.statictable;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import se.peppolgw.smp.StaticRoute;

/**
 * Reads a static routing table. One route per line, fields separated by {@code |}, blank lines and lines
 * starting with {@code #} ignored:
 *
 * <pre>
 * participant | document type | process or * | endpoint URL | certificate
 * </pre>
 *
 * The certificate is a PEM or DER file (a relative path is resolved against the table's directory) or,
 * inline, the Base64 body of a PEM certificate. Identifiers are in URI form ({@code scheme::value}).
 */
public final class StaticTableFile {
  private StaticTableFile() {
  }

  public static List<StaticRoute> read(Path tableFile) throws IOException {
    List<String> lines = Files.readAllLines(tableFile, StandardCharsets.UTF_8);
    Path baseDir = tableFile.toAbsolutePath().getParent();
    List<StaticRoute> routes = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\\|", -1);
      if (f.length != 5) {
        throw new IOException(tableFile + " line " + (i + 1) + ": expected 5 fields separated by '|', found " + f.length);
      }
      String process = f[2].strip();
      try {
        routes.add(new StaticRoute(f[0].strip(), f[1].strip(), process.equals("*") ? null : process, f[3].strip(),
            certificate(f[4].strip(), baseDir)));
      } catch (CertificateException | IOException e) {
        throw new IOException(tableFile + " line " + (i + 1) + ": cannot read the certificate: " + e.getMessage(), e);
      }
    }
    return routes;
  }

  static X509Certificate certificate(String field, Path baseDir) throws IOException, CertificateException {
    byte[] bytes;
    if (field.startsWith("MII")) {
      bytes = Base64.getMimeDecoder().decode(field);
    } else {
      Path p = Path.of(field);
      bytes = Files.readAllBytes(p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p));
    }
    try (InputStream in = new ByteArrayInputStream(bytes)) {
      // the JDK factory reads both DER and PEM ("-----BEGIN CERTIFICATE-----")
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }
}
