package chatlab.cli;

import chatlab.auth.AuthConfig;
import chatlab.auth.AuthMode;
import chatlab.auth.Authenticator;
import chatlab.auth.UserStore;
import chatlab.auth.UserStoreException;
import chatlab.server.ServerSecurity;
import io.netty.handler.ssl.SslContext;
import java.io.File;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;

/** Turns the server's security options into a {@link ServerSecurity}, and closes what it opened. */
final class SecuritySetup implements AutoCloseable {
    private final ServerSecurity security;
    private final UserStore store;
    private final Authenticator authenticator;
    private final String description;

    private SecuritySetup(ServerSecurity security, UserStore store, Authenticator authenticator, String description) {
        this.security = security;
        this.store = store;
        this.authenticator = authenticator;
        this.description = description;
    }

    static SecuritySetup open(AuthConfig config, Path users, File tlsCert, File tlsKey, boolean requireTls) {
        AuthMode mode = config.mode();
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new UserError("--tls-cert and --tls-key go together", 2);
        }
        if (requireTls && tlsCert == null) {
            throw new UserError("--require-tls needs --tls-cert and --tls-key", 2);
        }
        ServerSecurity security = ServerSecurity.none();
        StringBuilder description = new StringBuilder("logins: " + mode.name().toLowerCase(Locale.ROOT));
        UserStore store = null;
        Authenticator authenticator = null;
        try {
            if (mode != AuthMode.OFF) {
                Path path = users != null ? users : UserStore.defaultPath();
                store = UserStore.openExisting(path, Clock.systemUTC());
                store.looseness().ifPresent(warning -> org.slf4j.LoggerFactory.getLogger("chatlab.server").warn("{}", warning));
                authenticator = new Authenticator(store, config, Clock.systemUTC());
                security = security.withAuthenticator(authenticator);
                description.append(" (users in ").append(path).append(")");
            }
            if (tlsCert != null) {
                SslContext tls = TlsContexts.server(tlsCert, tlsKey);
                security = security.withTls(tls, requireTls);
                description.append("; TLS on the same port").append(requireTls ? ", required for v2 logins" : "");
            }
        } catch (UserStoreException e) {
            throw new UserError(e.getMessage());
        }
        return new SecuritySetup(security, store, authenticator, description.toString());
    }

    ServerSecurity security() {
        return security;
    }

    String describe() {
        return description;
    }

    @Override
    public void close() {
        if (authenticator != null) {
            authenticator.close();
        }
        if (store != null) {
            store.close();
        }
    }
}
