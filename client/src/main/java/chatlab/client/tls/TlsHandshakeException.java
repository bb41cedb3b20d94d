package chatlab.client.tls;

import java.io.IOException;
import java.util.Optional;

/** The TLS handshake with the server failed; when the reason is an untrusted certificate, it says which. */
public final class TlsHandshakeException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient UntrustedServerException untrusted;

    public TlsHandshakeException(String message, UntrustedServerException untrusted) {
        super(message);
        this.untrusted = untrusted;
    }

    public Optional<UntrustedServerException> untrusted() {
        return Optional.ofNullable(untrusted);
    }
}
