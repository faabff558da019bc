// Java's PKIX path validation, as Java TLS clients (Connector/J) get it: for each end-entity
// certificate, builds and validates a path to the trust anchor through the pool with Java's
// default PKIX parameters (any initial policy, explicit policy not required), revocation off
// (as the JDK's TLS trust manager has it unless com.sun.net.ssl.checkRevocation is set).
// Prints "OK FILE" or "FAIL FILE reason" per certificate ("FAIL FILE parse: reason" when
// CertificateFactory refuses the certificate itself).
// Run as a single-file program: java PkixVerify.java ANCHOR.der POOL1.der,POOL2.der,… TIME_MS EE.der…
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Paths;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;

public class PkixVerify {
    static X509Certificate read(CertificateFactory cf, String path) throws IOException, CertificateException {
        try (FileInputStream in = new FileInputStream(path)) {
            return (X509Certificate) cf.generateCertificate(in);
        }
    }

    public static void main(String[] args) throws Exception {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        TrustAnchor anchor = new TrustAnchor(read(cf, args[0]), null);
        List<X509Certificate> pool = new ArrayList<>();
        for (String f : args[1].split(",")) {
            pool.add(read(cf, f));
        }
        Date at = new Date(Long.parseLong(args[2]));
        for (int i = 3; i < args.length; i++) {
            String name = Paths.get(args[i]).getFileName().toString();
            X509Certificate ee;
            try {
                ee = read(cf, args[i]);
            } catch (CertificateException e) {
                System.out.println("FAIL " + name + " parse: " + String.valueOf(e.getMessage()).replace('\n', ' '));
                continue;
            }
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(ee);
            PKIXBuilderParameters p = new PKIXBuilderParameters(Set.of(anchor), target);
            List<X509Certificate> all = new ArrayList<>(pool);
            all.add(ee);
            p.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(all)));
            p.setRevocationEnabled(false);
            p.setDate(at);
            try {
                CertPathBuilder.getInstance("PKIX").build(p);
                System.out.println("OK " + name);
            } catch (Exception e) {
                System.out.println("FAIL " + name + " " + String.valueOf(e.getMessage()).replace('\n', ' '));
            }
        }
    }
}
