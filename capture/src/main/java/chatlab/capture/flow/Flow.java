package chatlab.capture.flow;

import chatlab.capture.decode.IpAddresses;
import chatlab.capture.decode.Packet;

/**
 * A conversation keyed by protocol, addresses and ports in either direction. Endpoint A is the sender of the
 * first packet seen.
 */
public abstract class Flow {
    final int protocol;
    final int ipVersion;
    final long aHi;
    final long aLo;
    final int aPort;
    final long bHi;
    final long bLo;
    final int bPort;
    final int hash;
    long packets;
    long packetsFromA;
    long bytes;
    long bytesFromA;
    long firstNanos;
    long lastNanos;
    long firstFrame;
    long lastFrame;
    /** Chosen to be retired in the current sweep ({@link Analyzer}). */
    boolean retiring;
    /** Its conversation row is written: the analysis is done with it. */
    boolean summarized;

    Flow(int protocol, Packet p, long frame, long nanos) {
        this.protocol = protocol;
        this.ipVersion = p.ipVersion;
        this.aHi = p.srcHi;
        this.aLo = p.srcLo;
        this.aPort = p.srcPort;
        this.bHi = p.dstHi;
        this.bLo = p.dstLo;
        this.bPort = p.dstPort;
        this.hash = FlowTable.hash(protocol, p);
        this.firstNanos = nanos;
        this.firstFrame = frame;
    }

    final boolean matches(int proto, Packet p) {
        if (proto != protocol || p.ipVersion != ipVersion) {
            return false;
        }
        return (p.srcLo == aLo && p.dstLo == bLo && p.srcPort == aPort && p.dstPort == bPort && p.srcHi == aHi
                && p.dstHi == bHi)
                || (p.srcLo == bLo && p.dstLo == aLo && p.srcPort == bPort && p.dstPort == aPort && p.srcHi == bHi
                && p.dstHi == aHi);
    }

    final boolean isFromA(Packet p) {
        return p.srcLo == aLo && p.srcHi == aHi && p.srcPort == aPort;
    }

    final void count(long frame, long nanos, int frameBytes, boolean fromA) {
        packets++;
        bytes += frameBytes;
        if (fromA) {
            packetsFromA++;
            bytesFromA += frameBytes;
        }
        lastNanos = nanos;
        lastFrame = frame;
    }

    public String addressA() {
        return IpAddresses.format(ipVersion, aHi, aLo);
    }

    public String addressB() {
        return IpAddresses.format(ipVersion, bHi, bLo);
    }

    public int portA() {
        return aPort;
    }

    public int portB() {
        return bPort;
    }

    public int ipVersion() {
        return ipVersion;
    }

    public boolean addressAIs(long[] versionHiLo) {
        return versionHiLo[0] == ipVersion && versionHiLo[1] == aHi && versionHiLo[2] == aLo;
    }

    public boolean addressBIs(long[] versionHiLo) {
        return versionHiLo[0] == ipVersion && versionHiLo[1] == bHi && versionHiLo[2] == bLo;
    }

    public long packets() {
        return packets;
    }

    public long packetsFromA() {
        return packetsFromA;
    }

    public long bytes() {
        return bytes;
    }

    public long bytesFromA() {
        return bytesFromA;
    }

    public long firstNanos() {
        return firstNanos;
    }

    public long lastNanos() {
        return lastNanos;
    }

    public long firstFrame() {
        return firstFrame;
    }

    public long lastFrame() {
        return lastFrame;
    }
}
