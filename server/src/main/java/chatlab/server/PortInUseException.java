package chatlab.server;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;

/** The server could not listen because another socket holds the address and port (EADDRINUSE). */
public final class PortInUseException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient InetSocketAddress address;

    public PortInUseException(InetSocketAddress address, Throwable cause) {
        super("cannot listen on " + ChatServer.describe(address) + ": the port is already in use", cause);
        this.address = address;
    }

    /** The address the server tried; a wildcard address means every address of the machine. */
    public InetSocketAddress address() {
        return address;
    }

    public int port() {
        return address.getPort();
    }

    /** Whether the server tried every address (no --bind), so only the port matters. */
    public boolean wildcard() {
        return address.getAddress().isAnyLocalAddress();
    }

    /** Java's BindException, or Netty's native one, whose text carries the errno's words. */
    public static boolean isInUse(Throwable cause) {
        return cause instanceof BindException && String.valueOf(cause.getMessage()).contains("in use")
                || String.valueOf(cause.getMessage()).contains("Address already in use");
    }
}
