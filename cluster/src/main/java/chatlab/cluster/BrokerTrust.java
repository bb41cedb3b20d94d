package chatlab.cluster;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS trust of {@code --cluster-tls-ca FILE}: an {@link SSLContext} that trusts a broker only when one of the PEM
 * CA certificates in the file signed its certificate, and the certificate names the host of the broker's URL. jnats
 * hands its SSL socket no endpoint identification, so without {@link HostChecking} any certificate the CA signed
 * would do for any broker; with it the JDK checks the name as HTTPS does (RFC 2818: the subject alternative names).
 * The context may also carry this server's own certificate ({@link ClientCertificate}, {@code --cluster-tls-cert}) for
 * a broker that asks for one ({@code --tlsverify}).
 */
public final class BrokerTrust {
    private BrokerTrust() {}

    /**
     * @throws IllegalArgumentException naming the file, when it is missing, unreadable or holds no certificate
     */
    public static SSLContext fromPem(Path caFile) {
        return context(trusting(caFile), null, caFile);
    }

    /**
     * Trust managers that check the broker's name: of the CAs in {@code caFile}, or of the JVM's default CAs
     * ({@code cacerts}) when it is null.
     *
     * @throws IllegalArgumentException naming the file, when it is missing, unreadable or holds no certificate
     */
    static TrustManager[] trusting(Path caFile) {
        KeyStore store = caFile == null ? null : caStore(caFile);
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            TrustManager[] managers = factory.getTrustManagers();
            for (int i = 0; i < managers.length; i++) {
                if (managers[i] instanceof X509ExtendedTrustManager pkix) {
                    managers[i] = new HostChecking(pkix);
                }
            }
            return managers;
        } catch (GeneralSecurityException e) {
            String problem = e.getMessage();
            throw new IllegalArgumentException(caFile == null ? "cannot use the JVM's default CAs: " + problem
                    : ClusterTexts.badFile(ClusterTexts.CA_FILE, caFile, problem), e);
        }
    }

    /**
     * A TLS context of these trust managers and, when not null, this server's certificate and key.
     *
     * @param file what a failure names (the CA file, or null)
     */
    static SSLContext context(TrustManager[] trust, KeyManager[] keys, Path file) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file == null ? "cannot make a TLS context: " + e.getMessage()
                    : ClusterTexts.badFile(ClusterTexts.CA_FILE, file, e.getMessage()), e);
        }
    }

    private static KeyStore caStore(Path caFile) {
        List<X509Certificate> certificates = PemCertificates.read(caFile, ClusterTexts.CA_FILE);
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("ca-" + n++, certificate);
            }
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(ClusterTexts.badFile(ClusterTexts.CA_FILE, caFile, e.getMessage()), e);
        }
    }

    /**
     * The JDK's trust manager, told to check the broker's name: jnats opens its SSL socket with the URL's host but
     * sets no endpoint identification algorithm, and the JDK checks the name only when one is set.
     */
    private static final class HostChecking extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager pkix;

        HostChecking(X509ExtendedTrustManager pkix) {
            this.pkix = pkix;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            if (socket instanceof SSLSocket ssl) {
                SSLParameters parameters = ssl.getSSLParameters();
                if (parameters.getEndpointIdentificationAlgorithm() == null) {
                    parameters.setEndpointIdentificationAlgorithm("HTTPS");
                    ssl.setSSLParameters(parameters);
                }
            }
            pkix.checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            SSLParameters parameters = engine.getSSLParameters();
            if (parameters.getEndpointIdentificationAlgorithm() == null) {
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                engine.setSSLParameters(parameters);
            }
            pkix.checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a broker's certificate is checked on its socket only (for its name)");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            pkix.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            pkix.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            pkix.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return pkix.getAcceptedIssuers();
        }
    }
}
