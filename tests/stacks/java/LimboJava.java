// x509-limbo through the JDK's TLS stack, as MySQL Connector/J 9.x and MariaDB Connector/J 3.x
// use it.
//
// Input: stdin, one SERVER testcase per line, tab-separated (tests/stacks/limbo_stacks.py writes
// them): id, peer name or "-", the stub server's ServerHello + Certificate (base64), the trusted
// certificates (base64 DER, comma-separated). Output: config<TAB>id<TAB>SUCCESS|FAILURE|SKIPPED<TAB>
// context for each configuration in args (all by default); SKIPPED when JSSE gave no verdict.
//
// Each testcase is a real JSSE client handshake over an SSLEngine: the ClientHello is wrapped,
// the stub's flight unwrapped; JSSE checks the chain when it takes the Certificate message
// (T12CertificateConsumer) through the trust manager it was given, wrapped as JSSE wraps any
// plain X509TrustManager (algorithm constraints). A handshake exception is a refusal (one raised
// in a delegated task surfaces at the engine's next wrap, which the harness makes); waiting for
// more input with the peer's certificates taken means the chain was accepted. Then the
// connector's own host check, as it runs after the handshake:
//   jdk                 the default PKIX TrustManagerFactory over a KeyStore of the trusted
//                       certificates: MariaDB Connector/J's serverSslCert (DefaultTlsSocketPlugin)
//   mariadbj-identity   jdk, then org.mariadb.jdbc.client.tls.HostnameVerifier.verify(host, leaf)
//   connectorj          Connector/J's ExportControlled$X509TrustManagerWrapper around the default
//                       TrustManager (every certificate's checkValidity, a PKIX CertPathValidator
//                       over the chain as sent, then the JDK's own check): VERIFY_CA
//   connectorj-identity connectorj, then ExportControlled$HostnameChecker(host).match(leaf)
// The connector classes are the real ones from the jars on the class path (reflection: they are
// package-private). Java has no verification-time option here: limbo_stacks.py runs this under
// libfaketime, one JVM per validation_time.
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

public class LimboJava {
    static final String[] ALL = {"jdk", "mariadbj-identity", "connectorj", "connectorj-identity"};
    static final CertificateFactory CF;
    static Constructor<?> wrapperCtor, checkerCtor;
    static Method checkerMatch, mariadbVerify;
    /** handshake's answer when JSSE neither refused the flight nor took its certificates. */
    static final String NOT_JUDGED = "JSSE neither refused the flight nor reported a peer certificate";

    static {
        try {
            CF = CertificateFactory.getInstance("X.509");
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    static X509TrustManager defaultTm(List<String> trusted) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        int n = 0;
        for (String b64 : trusted) {
            try {
                ks.setCertificateEntry("ca" + n++, CF.generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(b64))));
            } catch (Exception e) {
                // a certificate Java cannot read cannot be in a trust store either
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        for (TrustManager tm : tmf.getTrustManagers())
            if (tm instanceof X509TrustManager) return (X509TrustManager) tm;
        throw new IllegalStateException("no X509TrustManager");
    }

    static String msg(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (b.length() > 0) b.append(" <- ");
            b.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
            if (b.length() > 400) break;
        }
        return b.toString().replace('\t', ' ').replace('\n', ' ');
    }

    /**
     * null if the chain was accepted, else the reason ({@link #NOT_JUDGED} when JSSE gave no
     * verdict on it: the case says nothing about the stack and is reported SKIPPED, as the
     * other harnesses report what they cannot evaluate); the leaf in leafOut[0].
     */
    static String handshake(X509TrustManager tm, String host, byte[] flight, X509Certificate[] leafOut) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {tm}, null);
        boolean ip = host != null && (host.contains(":") || host.matches("[0-9.]+"));
        SSLEngine eng = host != null && !ip ? ctx.createSSLEngine(host, 3306) : ctx.createSSLEngine();
        eng.setUseClientMode(true);
        ByteBuffer net = ByteBuffer.allocate(1 << 18), app = ByteBuffer.allocate(1 << 18);
        ByteBuffer in = ByteBuffer.wrap(flight);
        try {
            eng.beginHandshake();
            eng.wrap(ByteBuffer.allocate(0), net);
            for (int guard = 0; guard < 1000; guard++) {
                SSLEngineResult.HandshakeStatus hs = eng.getHandshakeStatus();
                if (hs == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                    Runnable r;
                    while ((r = eng.getDelegatedTask()) != null) r.run();
                } else if (hs == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                    net.clear();
                    eng.wrap(ByteBuffer.allocate(0), net);
                } else if (hs == SSLEngineResult.HandshakeStatus.NEED_UNWRAP) {
                    if (!in.hasRemaining()) break;
                    SSLEngineResult res = eng.unwrap(in, app);
                    if (res.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) break;
                } else {
                    return "harness: handshake status " + hs;
                }
            }
            // A delegated task's failure (the Certificate message is parsed in one) is thrown
            // by the engine's next wrap or unwrap: a real client's next call meets it, so make
            // that call once the flight is consumed (e.g. more certificates than
            // jdk.tls.maxCertificateChainLength allows, "The certificate chain length (11)
            // exceeds the maximum allowed length (10)").
            net.clear();
            eng.wrap(ByteBuffer.allocate(0), net);
        } catch (Exception e) {
            return msg(e);
        }
        try {
            leafOut[0] = (X509Certificate) eng.getHandshakeSession().getPeerCertificates()[0];
        } catch (SSLPeerUnverifiedException | NullPointerException e) {
            return NOT_JUDGED;
        }
        return null;
    }

    public static void main(String[] args) throws Exception {
        String[] configs = args.length > 0 ? args : ALL;
        Class<?> ec = Class.forName("com.mysql.cj.protocol.ExportControlled$X509TrustManagerWrapper");
        wrapperCtor = ec.getDeclaredConstructor(X509TrustManager.class);
        wrapperCtor.setAccessible(true);
        Class<?> hc = Class.forName("com.mysql.cj.protocol.ExportControlled$HostnameChecker");
        checkerCtor = hc.getDeclaredConstructor(String.class);
        checkerCtor.setAccessible(true);
        checkerMatch = hc.getDeclaredMethod("match", X509Certificate.class);
        checkerMatch.setAccessible(true);
        mariadbVerify = Class.forName("org.mariadb.jdbc.client.tls.HostnameVerifier")
                .getMethod("verify", String.class, X509Certificate.class, long.class);
        BufferedReader r = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8), 1 << 20);
        StringBuilder out = new StringBuilder();
        for (String line; (line = r.readLine()) != null; ) {
            if (line.isBlank()) continue;
            String[] f = line.split("\t", -1);
            String id = f[0];
            String peer = f[1].equals("-") ? null : f[1];
            byte[] flight = Base64.getDecoder().decode(f[2]);
            java.util.Map<String, X509Certificate> leaves = new java.util.HashMap<>();
            List<String> trusted = f[3].isEmpty() ? List.of() : Arrays.asList(f[3].split(","));
            // One handshake per trust manager; the -identity configurations add the host check.
            java.util.Map<String, String[]> done = new java.util.HashMap<>();
            for (String cfg : configs) {
                String base = cfg.startsWith("connectorj") ? "connectorj" : "jdk";
                String why;
                try {
                    String[] hs = done.get(base);
                    if (hs == null) {
                        X509TrustManager tm = defaultTm(trusted);
                        if (base.equals("connectorj")) tm = (X509TrustManager) wrapperCtor.newInstance(tm);
                        X509Certificate[] leaf = new X509Certificate[1];
                        String res = handshake(tm, peer, flight, leaf);
                        hs = new String[] {res};
                        done.put(base, hs);
                        leaves.put(base, leaf[0]);
                    }
                    why = hs[0];
                    if (why == null && peer != null && cfg.endsWith("-identity")) {
                        try {
                            if (base.equals("connectorj")) checkerMatch.invoke(checkerCtor.newInstance(peer), leaves.get(base));
                            else mariadbVerify.invoke(null, peer, leaves.get(base), -1L);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            why = "host check: " + msg(e.getCause());
                        }
                    }
                } catch (Exception e) {
                    why = "harness: " + msg(e);
                }
                String verdict = why == null ? "SUCCESS" : why == NOT_JUDGED ? "SKIPPED" : "FAILURE";
                out.append(cfg).append('\t').append(id).append('\t').append(verdict)
                        .append('\t').append(why == null ? "" : why).append('\n');
            }
            if (out.length() > 1 << 16) {
                System.out.print(out);
                out.setLength(0);
            }
        }
        System.out.print(out);
        System.out.flush();
    }
}
