package chatlab.server;

import chatlab.protocol.Limits;
import chatlab.protocol.NameRules;
import chatlab.server.handler.LabFrameDecoder;
import chatlab.server.handler.LabSessionHandler;
import chatlab.server.handler.ServerFullHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;

/** Assembles each accepted connection's pipeline, and nothing else. */
final class ServerInitializer extends ChannelInitializer<SocketChannel> {
    private final Limits limits;
    private final NameRules nameRules;
    private final RoomService room;
    private final ChannelGroup connections;
    private final AtomicInteger open = new AtomicInteger();

    ServerInitializer(Limits limits, RoomService room, ChannelGroup connections) {
        this.limits = limits;
        this.nameRules = new NameRules(limits.maxNameChars());
        this.room = room;
        this.connections = connections;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        if (open.incrementAndGet() > limits.maxConnections()) {
            open.decrementAndGet();
            DisconnectReason.record(channel, "server full");
            channel.pipeline().addLast("server-full", new ServerFullHandler(limits.maxConnections()));
            return;
        }
        channel.closeFuture().addListener(future -> open.decrementAndGet());
        connections.add(channel);
        channel.pipeline()
                .addLast("lab-framer", new LabFrameDecoder(limits.maxMessageBytes()))
                .addLast("lab-session", new LabSessionHandler(room, nameRules, limits.registrationTimeout()));
    }

    int openConnections() {
        return open.get();
    }
}
