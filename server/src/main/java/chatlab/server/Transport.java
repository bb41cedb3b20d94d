package chatlab.server;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.util.Locale;

/**
 * The kernel interface under the event loops. Linux epoll (Netty's native transport) writes straight from the
 * shared direct buffers and makes fewer system calls per delivery than the JDK's selector; NIO runs everywhere.
 */
public enum Transport {
    /** epoll where the native library loads (Linux x86-64), NIO otherwise. */
    AUTO,
    EPOLL,
    NIO;

    /** The transport this choice resolves to on this machine; EPOLL fails with the reason if it cannot load. */
    Transport resolve() {
        return switch (this) {
            case AUTO -> Epoll.isAvailable() ? EPOLL : NIO;
            case EPOLL -> {
                if (!Epoll.isAvailable()) {
                    throw new IllegalStateException("the epoll transport is not available here: "
                            + Epoll.unavailabilityCause().getMessage());
                }
                yield EPOLL;
            }
            case NIO -> NIO;
        };
    }

    IoHandlerFactory ioHandlerFactory() {
        return resolve() == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    Class<? extends ServerSocketChannel> serverChannelClass() {
        return resolve() == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Transport parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("transport must be auto, epoll or nio, got '" + text + "'");
        }
    }
}
