package chatlab.capture.flow;

import chatlab.capture.decode.Packet;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Open-addressing hash table from a packet's addresses and ports (either direction) to its current flow, looked up
 * without allocating. Grows at 50% load.
 */
final class FlowTable<F extends Flow> {
    private Flow[] slots = new Flow[1024];
    private int size;

    static int hash(int protocol, Packet p) {
        long h1 = mix(p.srcHi * 31 + p.srcLo) * 31 + p.srcPort;
        long h2 = mix(p.dstHi * 31 + p.dstLo) * 31 + p.dstPort;
        long h = mix(h1 + h2 + protocol * 0x9E3779B97F4A7C15L);
        return (int) (h ^ (h >>> 32));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }

    @SuppressWarnings("unchecked")
    F find(int protocol, Packet p, int hash) {
        Flow[] s = slots;
        int mask = s.length - 1;
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            Flow f = s[i];
            if (f == null) {
                return null;
            }
            if (f.hash == hash && f.matches(protocol, p)) {
                return (F) f;
            }
        }
    }

    /** Inserts a flow, or replaces the flow with the same key (a reused port pair). */
    void put(F flow) {
        if ((size + 1) * 2 > slots.length) {
            grow();
        }
        int mask = slots.length - 1;
        for (int i = flow.hash & mask; ; i = (i + 1) & mask) {
            Flow f = slots[i];
            if (f == null) {
                slots[i] = flow;
                size++;
                return;
            }
            if (f.hash == flow.hash && sameKey(f, flow)) {
                slots[i] = flow;
                return;
            }
        }
    }

    private static boolean sameKey(Flow x, Flow y) {
        if (x.protocol != y.protocol || x.ipVersion != y.ipVersion) {
            return false;
        }
        boolean same = x.aHi == y.aHi && x.aLo == y.aLo && x.aPort == y.aPort && x.bHi == y.bHi && x.bLo == y.bLo
                && x.bPort == y.bPort;
        boolean swapped = x.aHi == y.bHi && x.aLo == y.bLo && x.aPort == y.bPort && x.bHi == y.aHi && x.bLo == y.aLo
                && x.bPort == y.aPort;
        return same || swapped;
    }

    private void grow() {
        rehash(slots, slots.length * 2);
    }

    /** Puts every flow of {@code old} into a new table of {@code capacity} slots (a power of two). */
    private void rehash(Flow[] old, int capacity) {
        slots = new Flow[capacity];
        size = 0;
        int mask = slots.length - 1;
        for (Flow f : old) {
            if (f != null) {
                int i = f.hash & mask;
                while (slots[i] != null) {
                    i = (i + 1) & mask;
                }
                slots[i] = f;
                size++;
            }
        }
    }

    int size() {
        return size;
    }

    /** Every flow in the table, in no particular order. */
    @SuppressWarnings("unchecked")
    void forEach(Consumer<F> action) {
        for (Flow f : slots) {
            if (f != null) {
                action.accept((F) f);
            }
        }
    }

    /** Drops every flow for which {@code retire} says true (asked once per flow), and rebuilds the table. */
    @SuppressWarnings("unchecked")
    void removeIf(Predicate<F> retire) {
        Flow[] old = slots;
        int keep = 0;
        for (int i = 0; i < old.length; i++) {
            if (old[i] != null && retire.test((F) old[i])) {
                old[i] = null;
            } else if (old[i] != null) {
                keep++;
            }
        }
        int capacity = 1024;
        while (capacity < keep * 2 + 2) {
            capacity *= 2;
        }
        rehash(old, Math.max(capacity, Math.min(old.length, capacity * 2)));
    }
}
