package chatlab.client;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every address the server's name resolves to, tried in turn (docs/CLIENT.md, *Several servers*): each connect
 * resolves the name again ({@link InetAddress#getAllByName}) and starts with the address after the one last lost (a
 * connection to it that died, or a connect it refused), so a client whose server went away tries the name's other
 * servers first instead of waiting on the dead one; the name of a cluster (docs/CLUSTER.md) answers with all its
 * servers. Thread-safe.
 */
final class ServerAddresses {
    /** Resolves a name; {@link InetAddress#getAllByName} but in tests. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final String host;
    private final Resolver resolver;
    private InetAddress lastLost;

    ServerAddresses(String host) {
        this(host, InetAddress::getAllByName);
    }

    ServerAddresses(String host, Resolver resolver) {
        this.host = host;
        this.resolver = resolver;
    }

    String host() {
        return host;
    }

    /** The name's addresses in the order to try them: the one after the last lost first, then round. */
    List<InetAddress> inTurn() throws UnknownHostException {
        List<InetAddress> resolved = Arrays.asList(resolver.resolve(host));
        int lost;
        synchronized (this) {
            lost = lastLost == null ? -1 : resolved.indexOf(lastLost);
        }
        List<InetAddress> order = new ArrayList<>(resolved.size());
        for (int i = 1; i <= resolved.size(); i++) {
            order.add(resolved.get((lost + i) % resolved.size()));
        }
        return order;
    }

    /** The connection to {@code address} died, or it refused one: the next connect starts after it. */
    synchronized void lost(InetAddress address) {
        lastLost = address;
    }
}
