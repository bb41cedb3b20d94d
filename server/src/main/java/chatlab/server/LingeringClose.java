package chatlab.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection the server refuses for good so that its last words arrive: after they are written, the server
 * ends its side of the stream (FIN), reads and drops whatever the client still sends, and closes once the client has
 * closed or {@link #LINGER} has passed. Closing at once while the client's messages wait unread in the socket (its
 * reads were paused: a flood) makes the kernel reset the connection, and the reset makes the client's side throw away
 * what it had not read yet: the very refusals that say why (seen with a browser flooding a WebSocket).
 */
final class LingeringClose {
    /** How long a refused client may go on sending before the connection is closed whatever it does. */
    static final Duration LINGER = Duration.ofSeconds(2);
    private static final String DISCARD = "chatlab-linger-discard";

    private LingeringClose() {}

    /** Once {@code written} (the last words) completes: ends the output, drains the input, then closes. */
    static void after(ChannelFuture written) {
        Channel channel = written.channel();
        if (!written.isSuccess() || !channel.isActive() || !(channel instanceof DuplexChannel duplex)) {
            channel.close();
            return;
        }
        duplex.shutdownOutput().addListener(shut -> {
            if (!shut.isSuccess() || !channel.isActive()) {
                channel.close();
                return;
            }
            if (channel.pipeline().get(DISCARD) == null) {
                channel.pipeline().addFirst(DISCARD, new Discard());
            }
            channel.eventLoop().schedule(() -> {
                channel.close();
            }, LINGER.toNanos(), TimeUnit.NANOSECONDS);
            channel.config().setAutoRead(true);
            channel.read();
        });
    }

    /** Drops every byte the refused client still sends; its end of the stream closes the connection. */
    private static final class Discard extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            // Nothing passes on: the handlers behind are done with this connection.
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof ChannelInputShutdownEvent) {
                ctx.close();
                return;
            }
            ctx.fireUserEventTriggered(event);
        }
    }
}
