package chatlab.client.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Decides whether to trust a server's certificate: a pin must match exactly (and the certificate must be within
 * its validity); without a pin the system's trust store decides, host name included; failing that, a certificate
 * remembered for this server is accepted and a changed one refused; anything else is an
 * {@link UntrustedServerException} carrying the fingerprint, for the user to decide.
 */
public final class ServerTrust extends X509ExtendedTrustManager {
    private final String server;
    private final TlsSettings settings;
    private final X509ExtendedTrustManager system;

    public ServerTrust(String server, TlsSettings settings) {
        this.server = server;
        this.settings = settings;
        this.system = systemTrustManager();
    }

    private static X509ExtendedTrustManager systemTrustManager() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            for (var manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager extended) {
                    return extended;
                }
            }
            throw new IllegalStateException("the JDK has no X509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the system trust store", e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain, () -> system.checkServerTrusted(chain, authType, engine));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain, () -> system.checkServerTrusted(chain, authType, socket));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, () -> system.checkServerTrusted(chain, authType));
    }

    private interface SystemCheck {
        void run() throws CertificateException;
    }

    private void check(X509Certificate[] chain, SystemCheck systemCheck) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the server sent no certificate");
        }
        X509Certificate leaf = chain[0];
        String fingerprint = Fingerprints.sha256(leaf);
        if (settings.pin().isPresent()) {
            if (!settings.pin().get().equals(fingerprint)) {
                throw new CertificateException("the certificate of " + server + " does not match the pin: its SHA-256 "
                        + "fingerprint is " + fingerprint + ", the pin is " + settings.pin().get());
            }
            checkValidity(leaf);
            return;
        }
        try {
            systemCheck.run();
            return;
        } catch (CertificateException notTrustedBySystem) {
            Optional<String> remembered = settings.knownServers().fingerprintOf(server);
            if (remembered.isPresent()) {
                if (!remembered.get().equals(fingerprint)) {
                    throw new CertificateException("the certificate of " + server + " CHANGED since you trusted it: it "
                            + "was " + remembered.get() + ", it is now " + fingerprint + ". Someone may be intercepting "
                            + "the connection; if the server really got a new certificate, remove its line from "
                            + settings.knownServers().file());
                }
                checkValidity(leaf);
                return;
            }
            throw new UntrustedServerException(server, fingerprint, notTrustedBySystem.getMessage());
        }
    }

    private void checkValidity(X509Certificate leaf) throws CertificateException {
        try {
            leaf.checkValidity();
        } catch (CertificateExpiredException e) {
            throw new CertificateException("the certificate of " + server + " expired on " + leaf.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            throw new CertificateException("the certificate of " + server + " is not valid before "
                    + leaf.getNotBefore().toInstant());
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("a client does not check client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("a client does not check client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a client does not check client certificates");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return ((X509TrustManager) system).getAcceptedIssuers();
    }
}
