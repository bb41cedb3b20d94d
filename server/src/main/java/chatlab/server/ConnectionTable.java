package chatlab.server;

import chatlab.protocol.Limits;
import chatlab.server.handler.Refusal;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * The server's open connections, counted in total and per address. It decides at accept whether a connection may
 * stay, and hears when one registers, so that an address's unregistered (pending) connections are limited apart from
 * its users. Thread-safe: connections are accepted on every event loop and registered on the room's.
 *
 * <p>A refused connection is not counted: it is told why (at once, or after {@code WireDetector}'s two seconds for a
 * silent one) and closed as every refused connection is ({@link LingeringClose}: once the client has closed too, at
 * most two seconds later), so refusals cannot fill the table. At most {@link #MAX_LINGERING_REFUSALS} of them are
 * being told or closed at a time; past that a refused connection is closed without a word.
 */
final class ConnectionTable {
    private static final AttributeKey<Slot> SLOT = AttributeKey.valueOf("chatlab.connectionSlot");
    /** Set on a refused connection that waits to be told: it counts in {@link #lingeringRefusals} until it ends. */
    private static final AttributeKey<Boolean> LINGERING = AttributeKey.valueOf("chatlab.lingeringRefusal");

    /** Refused connections waiting to be told why (each holds a socket for up to two seconds). */
    static final int MAX_LINGERING_REFUSALS = 1024;

    private final int maxConnections;
    private final int maxPerAddress;
    private final int maxPendingPerAddress;
    private final int newAddressReserve;
    private final Map<InetAddress, Counts> byAddress = new HashMap<>();
    private int open;
    private int lingeringRefusals;

    /** Connections of one address; removed when it has none. */
    private static final class Counts {
        int open;
        int registered;
    }

    /** What the table knows of one admitted connection (guarded by its table's lock). */
    private static final class Slot {
        final ConnectionTable table;
        final InetAddress address;
        final Counts counts;
        boolean registered;

        Slot(ConnectionTable table, InetAddress address, Counts counts) {
            this.table = table;
            this.address = address;
            this.counts = counts;
        }
    }

    /**
     * The outcome of an admission: {@code refusal} null means admitted; {@code tell} false means close at once;
     * {@code pendingOnly} says the refusal is for the address's unregistered connections alone, which a browser's
     * request may still pass ({@link #admitBrowser}).
     */
    record Admission(Refusal refusal, boolean tell, boolean pendingOnly) {}

    ConnectionTable(Limits limits, ConnectionLimits connectionLimits) {
        this.maxConnections = limits.maxConnections();
        this.maxPerAddress = limits.maxConnectionsPerAddress();
        this.maxPendingPerAddress = connectionLimits.maxPendingPerAddress();
        this.newAddressReserve = connectionLimits.newAddressReserve(limits.maxConnections());
    }

    /** Counts the connection in, or says why it may not stay; either way it is forgotten when it closes. */
    synchronized Admission admit(Channel channel) {
        InetAddress address = ((InetSocketAddress) channel.remoteAddress()).getAddress();
        Counts counts = byAddress.get(address);
        int fromAddress = counts == null ? 0 : counts.open;
        int pending = counts == null ? 0 : counts.open - counts.registered;
        Refusal refusal = open >= maxConnections ? Refusal.serverFull(maxConnections)
                : fromAddress >= maxPerAddress ? Refusal.tooManyFromAddress(maxPerAddress)
                : pending >= maxPendingPerAddress ? Refusal.tooManyPendingFromAddress(maxPendingPerAddress)
                : reserveRefusal(fromAddress);
        if (refusal != null) {
            boolean pendingOnly = pending >= maxPendingPerAddress && open < maxConnections
                    && fromAddress < maxPerAddress && reserveRefusal(fromAddress) == null;
            boolean tell = lingeringRefusals < MAX_LINGERING_REFUSALS;
            if (tell) {
                lingeringRefusals++;
                channel.attr(LINGERING).set(Boolean.TRUE);
                channel.closeFuture().addListener(future -> refusalEnded(channel));
            }
            return new Admission(refusal, tell, pendingOnly);
        }
        countIn(channel, address, counts);
        return new Admission(null, true, false);
    }

    /** The last slots go only to addresses that hold none: a table filled by a few still admits newcomers. */
    private Refusal reserveRefusal(int fromAddress) {
        return fromAddress > 0 && open >= maxConnections - newAddressReserve
                ? Refusal.reservedForNewAddresses(maxConnections, newAddressReserve) : null;
    }

    /**
     * A connection refused at accept for its address's unregistered connections alone turned out to be a browser's
     * request (a page loads with up to six connections at once, and an HTTP connection stops counting as unregistered
     * once its request line is read): it is counted in as registered unless another limit now holds. Returns the
     * refusal, or null when admitted.
     */
    synchronized Refusal admitBrowser(Channel channel) {
        InetAddress address = ((InetSocketAddress) channel.remoteAddress()).getAddress();
        Counts counts = byAddress.get(address);
        int fromAddress = counts == null ? 0 : counts.open;
        Refusal refusal = open >= maxConnections ? Refusal.serverFull(maxConnections)
                : fromAddress >= maxPerAddress ? Refusal.tooManyFromAddress(maxPerAddress)
                : reserveRefusal(fromAddress);
        if (refusal != null) {
            return refusal;
        }
        refusalEnded(channel);
        Slot slot = countIn(channel, address, counts);
        markRegistered(slot);
        return null;
    }

    private Slot countIn(Channel channel, InetAddress address, Counts known) {
        Counts counts = known;
        if (counts == null) {
            counts = new Counts();
            byAddress.put(address, counts);
        }
        counts.open++;
        open++;
        Slot slot = new Slot(this, address, counts);
        channel.attr(SLOT).set(slot);
        channel.closeFuture().addListener(future -> closed(slot));
        return slot;
    }

    /** The connection's user joined the room: it no longer counts as pending for its address. */
    static void registered(Channel channel) {
        Slot slot = channel.attr(SLOT).get();
        if (slot != null) {
            slot.table.markRegistered(slot);
        }
    }

    private synchronized void markRegistered(Slot slot) {
        if (!slot.registered) {
            slot.registered = true;
            slot.counts.registered++;
        }
    }

    private synchronized void closed(Slot slot) {
        open--;
        Counts counts = slot.counts;
        counts.open--;
        if (slot.registered) {
            counts.registered--;
        }
        if (counts.open == 0) {
            byAddress.remove(slot.address);
        }
    }

    private synchronized void refusalEnded(Channel channel) {
        if (Boolean.TRUE.equals(channel.attr(LINGERING).getAndSet(null))) {
            lingeringRefusals--;
        }
    }

    synchronized int open() {
        return open;
    }
}
