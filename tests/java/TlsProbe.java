// Connects to 127.0.0.1:PORT with Java's default TLS stack and the truststore given by the
// javax.net.ssl.trustStore* system properties; prints "TRUSTED" or the exception and exits 1.
// Run as a single-file program: java -Djavax.net.ssl.trustStore=… TlsProbe.java PORT
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

public class TlsProbe {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        SSLSocketFactory f = (SSLSocketFactory) SSLSocketFactory.getDefault();
        try (SSLSocket s = (SSLSocket) f.createSocket("127.0.0.1", port)) {
            s.setSoTimeout(10000);
            s.startHandshake();
            System.out.println("TRUSTED " + s.getSession().getProtocol());
        } catch (Exception e) {
            System.out.println("REFUSED " + e);
            System.exit(1);
        }
    }
}
