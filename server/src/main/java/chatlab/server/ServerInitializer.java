package chatlab.server;

import chatlab.protocol.Limits;
import chatlab.protocol.NameRules;
import chatlab.server.handler.DisconnectReason;
import chatlab.server.handler.WireDetector;
import chatlab.server.web.StaticFiles;
import chatlab.server.web.WebConfig;
import chatlab.server.web.WebWire;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import java.time.Duration;

/** Admits each accepted connection against the connection limits and gives it its first stages, nothing else. */
final class ServerInitializer extends ChannelInitializer<SocketChannel> {
    private final Limits limits;
    private final NameRules nameRules;
    private final RoomService room;
    private final ChannelGroup connections;
    private final ConnectionTable table;
    private final ServerSecurity security;
    /** The TLS context with the handshake timeout applied, or null without TLS. */
    private final SslContext tls;
    private final Duration tlsHandshakeTimeout;
    /** The web client's wire, or null when it is off. */
    private final WebWire web;
    private final ServerCounters counters;
    /** Counts every connection's bytes, or null when nobody reads the metrics. */
    private final ByteCounter byteCounter;

    ServerInitializer(Limits limits, ConnectionLimits connectionLimits, ServerSecurity security, RoomService room,
            ChannelGroup connections, WebConfig webConfig, ServerCounters counters, boolean countBytes) {
        this.limits = limits;
        this.counters = counters;
        this.byteCounter = countBytes ? new ByteCounter(counters) : null;
        this.security = security;
        this.nameRules = new NameRules(limits.maxNameChars());
        this.room = room;
        this.connections = connections;
        this.table = new ConnectionTable(limits, connectionLimits);
        this.tlsHandshakeTimeout = connectionLimits.tlsHandshakeTimeout();
        this.tls = security.tls()
                .map(context -> (SslContext) new HandshakeTimeoutSslContext(context, tlsHandshakeTimeout))
                .orElse(null);
        this.web = webConfig.enabled() ? new WebWire(webConfig, StaticFiles.load(ServerInitializer.class.getClassLoader()),
                limits, security.requireTls(), ConnectionTable::registered) : null;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        connections.add(channel);
        counters.accepted();
        if (byteCounter != null) {
            channel.pipeline().addFirst(ByteCounter.NAME, byteCounter);
        }
        ConnectionTable.Admission admission = table.admit(channel);
        if (!admission.tell()) {
            counters.refused(admission.refusal().code());
            // Too many refused connections are waiting to be told already: this one is closed without a word.
            DisconnectReason.record(channel, admission.refusal().logReason());
            channel.closeFuture().addListener(future -> room.leave(channel));
            channel.close();
            return;
        }
        if (tls != null && admission.refusal() == null) {
            channel.pipeline().addLast("tls-guard", new TlsGuard(tlsHandshakeTimeout));
        }
        channel.pipeline().addLast("wire-detector", new WireDetector(room, nameRules, limits, admission.refusal(),
                admission.pendingOnly() ? table::admitBrowser : null, security.authenticator().orElse(null), tls,
                security.requireTls(), web));
    }

    int openConnections() {
        return table.open();
    }
}
