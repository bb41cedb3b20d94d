package chatlab.server;

import chatlab.protocol.lab.LabFormat;
import chatlab.protocol.v2.ErrorCode;
import chatlab.protocol.v2.ServerMessage;
import chatlab.protocol.v2.ServerMessageEncoder;
import chatlab.protocol.v2.Wire;
import chatlab.server.handler.ChannelWire;
import chatlab.server.handler.DisconnectReason;
import chatlab.server.handler.Refusal;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * Telling a client what the server will not take, in its own wire, and closing connections that failed. A refusal
 * goes out after whatever the room gathered for that client in the turn; a fatal one then closes the connection,
 * with its reason recorded for the log.
 */
final class Refusals {
    private final EventExecutor roomLoop;
    private final Outbound outbound;
    private final ServerEvents events;
    private final ServerCounters counters;
    private final ServerMessageEncoder v2 = new ServerMessageEncoder();
    /** Told of a connection refused for good as soon as its refusal is sent: the room lets it go at once. */
    private Consumer<Channel> refusedForGood = channel -> { };

    Refusals(EventExecutor roomLoop, Outbound outbound, ServerEvents events) {
        this(roomLoop, outbound, events, new ServerCounters());
    }

    Refusals(EventExecutor roomLoop, Outbound outbound, ServerEvents events, ServerCounters counters) {
        this.counters = counters;
        this.roomLoop = roomLoop;
        this.outbound = outbound;
        this.events = events;
    }

    /** Who hears of connections refused for good (the room, which lets the member go before the linger ends). */
    void onRefusedForGood(Consumer<Channel> listener) {
        this.refusedForGood = listener;
    }

    void refuse(Channel channel, Refusal refusal) {
        if (!roomLoop.inEventLoop() && !roomLoop.isShuttingDown()) {
            // A handler on another loop (--io-threads > 1): the room may hold bytes for this channel until the end
            // of its turn, and the refusal (often followed by a close) must come after them.
            roomLoop.execute(() -> refuse(channel, refusal));
            return;
        }
        counters.refused(refusal.code());
        byte[] bytes = ChannelWire.of(channel) == Wire.V2
                ? v2.encode(new ServerMessage.Error(refusal.code(), refusal.notice(), refusal.ref(), refusal.room()))
                : LabFormat.noticeBytes(refusal.notice());
        if (!refusal.code().fatal() && !channel.isWritable()) {
            // It sends what we refuse and does not read why: replies would pile up without bound.
            DisconnectReason.record(channel, "does not read the server's replies (its queue is over the soft limit)");
            channel.close();
            return;
        }
        if (refusal.code() != ErrorCode.SHUTDOWN) {
            // At shutdown, stop logs each connection's leave (or disconnect) with the reason: one line each, not two.
            events.refused(String.valueOf(channel.remoteAddress()), refusal.logReason());
        }
        if (roomLoop.inEventLoop()) {
            outbound.pushPending(channel); // what the room sent it this turn goes first
        }
        if (refusal.code() == ErrorCode.SHUTDOWN) {
            // The server is going away and closes every connection itself once told: a linger would only hold up the
            // stop for clients that never close (the lab's own client keeps its socket after the end of the stream).
            DisconnectReason.record(channel, refusal.logReason());
            channel.writeAndFlush(Unpooled.wrappedBuffer(bytes)).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
        } else if (refusal.code().fatal()) {
            DisconnectReason.record(channel, refusal.logReason());
            channel.writeAndFlush(Unpooled.wrappedBuffer(bytes)).addListener((io.netty.channel.ChannelFutureListener) LingeringClose::after);
            // Out of the room now, not when the linger ends: nobody sees it, whispers to it, or waits on it meanwhile.
            refusedForGood.accept(channel);
        } else {
            channel.writeAndFlush(Unpooled.wrappedBuffer(bytes), channel.voidPromise());
        }
    }

    /** The connection failed: a broken TLS session or a reset is closed quietly, a handler's bug is told. */
    void failed(Channel channel, Throwable cause) {
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (cause instanceof io.netty.handler.codec.DecoderException
                && cause.getCause() instanceof SSLException tls) {
            // TLS broke, in its handshake or after: there is nobody to tell in clear text.
            var stage = channel.pipeline().get(io.netty.handler.ssl.SslHandler.class);
            boolean handshaking = stage != null && !stage.handshakeFuture().isSuccess();
            DisconnectReason.record(channel, handshaking ? DisconnectReason.tlsHandshakeFailed(tls.getMessage())
                    : DisconnectReason.tlsFailed(tls.getMessage()));
            channel.close();
            return;
        }
        if (cause instanceof IOException) {
            // The connection itself failed (a reset): there is nobody to tell.
            DisconnectReason.record(channel, message);
            channel.close();
            return;
        }
        // A bug in a handler: the client is still told why it is being closed.
        refuse(channel, new Refusal(ErrorCode.INTERNAL, "the server failed on this connection (" + message
                + "); this is a bug, please report it", "internal error: " + cause, null));
    }
}
