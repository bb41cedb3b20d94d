package chatlab.client.tls;

import java.security.cert.CertificateException;

/** The server's certificate is neither trusted by the system nor pinned nor remembered: the user must decide. */
public final class UntrustedServerException extends CertificateException {
    private static final long serialVersionUID = 1L;

    private final String fingerprint;

    public UntrustedServerException(String server, String fingerprint, String why) {
        super("the certificate of " + server + " is not trusted (" + why + "); its SHA-256 fingerprint is " + fingerprint);
        this.fingerprint = fingerprint;
    }

    public String fingerprint() {
        return fingerprint;
    }
}
