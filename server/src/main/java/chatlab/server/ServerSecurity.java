package chatlab.server;

import chatlab.auth.Authenticator;
import io.netty.handler.ssl.SslContext;
import java.util.Optional;

/**
 * Who may join and how connections are protected.
 *
 * @param authenticator checks logins; empty for the lab's behaviour (anyone may take any free name)
 * @param tls           the server's TLS context; empty for plain TCP only
 * @param requireTls    refuse v2 logins that do not come over TLS (lab clients cannot speak TLS and stay served)
 */
public record ServerSecurity(Optional<Authenticator> authenticator, Optional<SslContext> tls, boolean requireTls) {
    public static ServerSecurity none() {
        return new ServerSecurity(Optional.empty(), Optional.empty(), false);
    }

    public ServerSecurity withAuthenticator(Authenticator value) {
        return new ServerSecurity(Optional.of(value), tls, requireTls);
    }

    public ServerSecurity withTls(SslContext value, boolean required) {
        return new ServerSecurity(authenticator, Optional.of(value), required);
    }
}
