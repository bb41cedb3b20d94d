package chatlab.server;

import chatlab.protocol.Limits;
import chatlab.protocol.NameRules;
import chatlab.server.handler.Refusal;
import chatlab.server.handler.WireDetector;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Admits each accepted connection against the connection limits and gives it its first stage, nothing else. */
final class ServerInitializer extends ChannelInitializer<SocketChannel> {
    private final Limits limits;
    private final NameRules nameRules;
    private final RoomService room;
    private final ChannelGroup connections;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();

    private final ServerSecurity security;

    ServerInitializer(Limits limits, ServerSecurity security, RoomService room, ChannelGroup connections) {
        this.limits = limits;
        this.security = security;
        this.nameRules = new NameRules(limits.maxNameChars());
        this.room = room;
        this.connections = connections;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        InetAddress address = channel.remoteAddress().getAddress();
        AtomicInteger fromAddress = perAddress.computeIfAbsent(address, a -> new AtomicInteger());
        int total = open.incrementAndGet();
        int mine = fromAddress.incrementAndGet();
        channel.closeFuture().addListener(future -> {
            open.decrementAndGet();
            if (fromAddress.decrementAndGet() == 0) {
                perAddress.remove(address, fromAddress);
            }
        });
        connections.add(channel);
        Refusal refusal = total > limits.maxConnections() ? Refusal.serverFull(limits.maxConnections())
                : mine > limits.maxConnectionsPerAddress() ? Refusal.tooManyFromAddress(limits.maxConnectionsPerAddress())
                : null;
        channel.pipeline().addLast("wire-detector", new WireDetector(room, nameRules, limits, refusal,
                security.authenticator().orElse(null), security.tls().orElse(null), security.requireTls()));
    }

    int openConnections() {
        return open.get();
    }
}
