package chatlab.client.tls;

import java.util.Optional;

/**
 * How a client checks the server's certificate: against a pinned SHA-256 fingerprint when there is one, else
 * against the system's trust store (with the host name), else against the certificates remembered on first use.
 */
public record TlsSettings(Optional<String> pin, KnownServers knownServers) {
    public TlsSettings {
        pin = pin.map(Fingerprints::normalize);
    }
}
