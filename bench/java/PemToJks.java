import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;

/**
 * PEM bundle to JKS truststore with the JDK's own KeyStore("JKS") writer, as keytool writes it:
 * {@code java -cp DIR PemToJks in.pem out.jks password}. `cargo xtask bench` uses it to make the
 * JKS input of W4 and, as a whole process, as the Java peer of W5 (keytool imports one
 * certificate per run, so it cannot do W5 in one process).
 */
public final class PemToJks {
  public static void main(String[] args) throws Exception {
    KeyStore ks = KeyStore.getInstance("JKS");
    ks.load(null, null);
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    int i = 0;
    try (FileInputStream in = new FileInputStream(args[0])) {
      for (Certificate c : cf.generateCertificates(in)) {
        ks.setCertificateEntry("cert" + i++, c);
      }
    }
    try (FileOutputStream out = new FileOutputStream(args[1])) {
      ks.store(out, args[2].toCharArray());
    }
  }
}
