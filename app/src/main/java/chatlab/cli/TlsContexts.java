package chatlab.cli;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.File;
import java.util.List;
import javax.net.ssl.SSLException;

/** TLS settings: TLS 1.3 and 1.2 only, and for 1.2 only forward-secret AEAD suites. */
final class TlsContexts {
    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    /** TLS 1.3's suites, then ECDHE with AES-GCM or ChaCha20-Poly1305 for 1.2 (no CBC, no RSA key exchange). */
    static final List<String> CIPHERS = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private TlsContexts() {}

    static SslContext server(File certificate, File key) {
        try {
            return SslContextBuilder.forServer(certificate, key)
                    .sslProvider(SslProvider.JDK)
                    .protocols(PROTOCOLS)
                    .ciphers(CIPHERS)
                    .build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new UserError("cannot use the TLS certificate " + certificate + " and key " + key + ": " + e.getMessage());
        }
    }
}
