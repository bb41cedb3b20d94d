package chatlab.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import jdk.net.ExtendedSocketOptions;
import java.util.Locale;

/**
 * The kernel interface under the event loops. Linux epoll (Netty's native transport) writes straight from the
 * shared direct buffers and makes fewer system calls per delivery than the JDK's selector; NIO runs everywhere.
 * io_uring (Linux 5.x and later, where the kernel allows it) submits a turn's operations in one system call; it is
 * only taken when asked for (docs/BENCHMARKS.md has what it measured).
 */
public enum Transport {
    /** epoll where the native library loads (Linux x86-64), NIO otherwise. */
    AUTO,
    EPOLL,
    /** Linux io_uring; fails with the reason if the native library or the kernel does not support it. */
    IO_URING,
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
            case IO_URING -> {
                if (!IoUring.isAvailable()) {
                    throw new IllegalStateException("the io_uring transport is not available here: "
                            + IoUring.unavailabilityCause().getMessage());
                }
                yield IO_URING;
            }
            case NIO -> NIO;
        };
    }

    IoHandlerFactory ioHandlerFactory() {
        return switch (resolve()) {
            case EPOLL -> EpollIoHandler.newFactory();
            case IO_URING -> IoUringIoHandler.newFactory();
            default -> NioIoHandler.newFactory();
        };
    }

    Class<? extends ServerSocketChannel> serverChannelClass() {
        return switch (resolve()) {
            case EPOLL -> EpollServerSocketChannel.class;
            case IO_URING -> IoUringServerSocketChannel.class;
            default -> NioServerSocketChannel.class;
        };
    }

    /**
     * Turns TCP keepalive on for accepted connections, with the idle time, probe interval and probe count set per
     * socket (TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT; Linux's own defaults would wait two hours), so a peer that
     * vanished without a FIN or RST (host down, cable pulled, NAT state lost) is dropped and frees its slot and name.
     * Epoll sets them natively; NIO through the JDK's extended socket options.
     */
    void keepAlive(ServerBootstrap bootstrap, ConnectionLimits limits) {
        int idle = (int) limits.keepAliveIdle().toSeconds();
        int interval = (int) limits.keepAliveInterval().toSeconds();
        bootstrap.childOption(ChannelOption.SO_KEEPALIVE, true);
        if (resolve() == EPOLL) {
            bootstrap.childOption(EpollChannelOption.TCP_KEEPIDLE, idle)
                    .childOption(EpollChannelOption.TCP_KEEPINTVL, interval)
                    .childOption(EpollChannelOption.TCP_KEEPCNT, limits.keepAliveProbes());
        } else if (resolve() == IO_URING) {
            bootstrap.childOption(IoUringChannelOption.TCP_KEEPIDLE, idle)
                    .childOption(IoUringChannelOption.TCP_KEEPINTVL, interval)
                    .childOption(IoUringChannelOption.TCP_KEEPCNT, limits.keepAliveProbes());
        } else {
            bootstrap.childOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPIDLE), idle)
                    .childOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPINTERVAL), interval)
                    .childOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPCOUNT), limits.keepAliveProbes());
        }
    }

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Transport parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("transport must be auto, epoll, io_uring or nio, got '" + text + "'");
        }
    }
}
