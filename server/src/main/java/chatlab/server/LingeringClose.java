package chatlab.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection the server refuses for good so that its last words arrive. The close goes through the pipeline
 * as any close does (a WebSocket's close frame, TLS's close_notify), and at the socket the server ends its side of
 * the stream (FIN), reads and drops whatever the client still sends, and closes once the client has closed or {@link
 * #LINGER} has passed. Closing at once while the client's messages wait unread in the socket (its reads were paused:
 * a flood) makes the kernel reset the connection, and the reset makes the client's side lose what had not reached it
 * yet: the very refusals that say why (seen with a browser flooding a WebSocket, WebPageIT; on plain TCP a flooding
 * client that reads slowly lost every refusal, LingeringCloseTest).
 */
final class LingeringClose {
    /** How long a refused client may go on sending before the connection is closed whatever it does. */
    static final Duration LINGER = Duration.ofSeconds(2);
    /** The lingering stage's name in the pipeline (a test marks a channel as lingering with it). */
    static final String NAME = "chatlab-linger";

    private LingeringClose() {}

    /** Once {@code written} (the last words) completes: closes the connection, lingering. */
    static void after(ChannelFuture written) {
        Channel channel = written.channel();
        if (written.isSuccess() && channel.isActive() && channel instanceof DuplexChannel
                && channel.pipeline().get(NAME) == null) {
            if (channel.pipeline().get(ByteCounter.NAME) != null) {
                // Behind the byte counter only: what is read and dropped here was read from the socket all the same.
                channel.pipeline().addAfter(ByteCounter.NAME, NAME, new Linger());
            } else {
                channel.pipeline().addFirst(NAME, new Linger());
            }
        }
        channel.close();
    }

    /** Whether the connection is being closed so (refused for good): nothing more is sent to it. */
    static boolean isClosing(Channel channel) {
        return channel.pipeline().get(NAME) != null;
    }

    /**
     * At the socket's end of the pipeline (only the byte counter before it): turns the close into FIN, a drain, and
     * the close after it.
     */
    private static final class Linger extends ChannelDuplexHandler {
        private boolean lingering;

        @Override
        public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
            if (lingering || !ctx.channel().isActive()) {
                ctx.close(promise);
                return;
            }
            lingering = true;
            ((DuplexChannel) ctx.channel()).shutdownOutput().addListener(shut -> {
                if (!shut.isSuccess()) {
                    ctx.close(promise);
                    return;
                }
                ctx.executor().schedule(() -> {
                    ctx.close(promise);
                }, LINGER.toNanos(), TimeUnit.NANOSECONDS);
                ctx.channel().config().setAutoRead(true);
                ctx.read();
            });
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (lingering) {
                ReferenceCountUtil.release(msg); // the handlers behind are done with this connection
                return;
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (!lingering) {
                ctx.fireChannelReadComplete();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (lingering && event instanceof ChannelInputShutdownEvent) {
                ctx.close(); // the client has closed its side too
                return;
            }
            ctx.fireUserEventTriggered(event);
        }
    }
}
