package chatlab.server;

import io.netty.handler.ssl.DelegatingSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.time.Duration;
import javax.net.ssl.SSLEngine;

/**
 * The server's TLS context with its handshake timeout applied to every handler it makes. The timeout must be set
 * before the handler joins the pipeline, where it starts counting; the context is where every handler is made.
 */
final class HandshakeTimeoutSslContext extends DelegatingSslContext {
    private final long timeoutMillis;

    HandshakeTimeoutSslContext(SslContext context, Duration timeout) {
        super(context);
        this.timeoutMillis = timeout.toMillis();
    }

    @Override
    protected void initEngine(SSLEngine engine) {
        // Nothing per engine: protocols and suites come with the wrapped context.
    }

    @Override
    protected void initHandler(SslHandler handler) {
        handler.setHandshakeTimeoutMillis(timeoutMillis);
    }
}
