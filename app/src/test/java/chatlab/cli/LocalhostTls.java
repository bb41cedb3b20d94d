package chatlab.cli;

import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The server side of TLS for the tests: a dev certificate for localhost and 127.0.0.1, valid for a day. */
final class LocalhostTls {
    private LocalhostTls() {}

    /** Writes {@code cert.pem} and {@code key.pem} into {@code dir} and returns the server's context for them. */
    static SslContext serverContext(Path dir) throws IOException {
        DevCertificate.create("localhost", List.of(InetAddress.getByName("127.0.0.1")),
                Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(1)))
                .write(dir.resolve("cert.pem"), dir.resolve("key.pem"));
        return TlsContexts.server(dir.resolve("cert.pem").toFile(), dir.resolve("key.pem").toFile());
    }
}
