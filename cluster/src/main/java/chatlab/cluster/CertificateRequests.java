package chatlab.cluster;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * This server's side of the TLS handshake's certificate request: it shows the broker the certificate of
 * {@code --cluster-tls-cert} when there is one, and notes whether the broker asked for one at all. A broker that
 * wants a client certificate (nats-server {@code --tlsverify}) and does not get one, or gets one its CA did not
 * sign, ends the handshake after the client thinks it is done (TLS 1.3), and jnats then reports only that the
 * connect timed out: {@link #refusal} says what most likely happened instead.
 */
final class CertificateRequests extends X509ExtendedKeyManager {
    /** This server's certificate and key, or null: none to show. */
    private final X509ExtendedKeyManager keys;
    private volatile boolean asked;
    private volatile boolean shown;

    private CertificateRequests(X509ExtendedKeyManager keys) {
        this.keys = keys;
    }

    /** @param keys the key managers of this server's certificate, or null when it has none */
    static CertificateRequests of(KeyManager[] keys) {
        if (keys != null) {
            for (KeyManager key : keys) {
                if (key instanceof X509ExtendedKeyManager x509) {
                    return new CertificateRequests(x509);
                }
            }
        }
        return new CertificateRequests(null);
    }

    /** What the broker's certificate request says of a failed connect, or null when it asked for none. */
    String refusal() {
        if (!asked) {
            return null;
        }
        return shown ? ClusterTexts.clientCertificateRefused() : ClusterTexts.clientCertificateMissing();
    }

    private String chosen(String alias) {
        asked = true;
        if (alias != null) {
            shown = true;
        }
        return alias;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return chosen(keys == null ? null : keys.chooseClientAlias(keyType, issuers, socket));
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return chosen(keys == null ? null : keys.chooseEngineClientAlias(keyType, issuers, engine));
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return keys == null ? null : keys.getClientAliases(keyType, issuers);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return keys == null ? null : keys.getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return keys == null ? null : keys.getPrivateKey(alias);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null; // a client of the brokers only
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
