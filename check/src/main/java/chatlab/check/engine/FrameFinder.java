package chatlab.check.engine;

import chatlab.capture.decode.IpAddresses;
import chatlab.capture.decode.Packet;
import chatlab.capture.decode.PacketDecoder;
import chatlab.capture.file.CaptureFiles;
import chatlab.capture.file.CaptureReader;
import chatlab.capture.file.Frame;
import chatlab.check.Evidence;
import chatlab.check.RuleResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the frame that carried each piece of evidence that names a packet: the first TCP segment or UDP datagram
 * in the captures, from and to the given addresses, whose payload holds the evidence's bytes (or their first part,
 * when the bytes went out in several segments). Capture module readers, no tshark.
 */
public final class FrameFinder {
    /** The part of the evidence's bytes that must be found in one frame: enough to be unmistakable. */
    static final int MATCH_BYTES = 32;
    /** A segment shorter than the evidence counts when it carries at least this many of its first bytes. */
    static final int MIN_PREFIX_BYTES = 8;

    private FrameFinder() {}

    /** The results with "CAPTURE frame N" added to each evidence whose packet was found. */
    public static List<RuleResult> annotate(List<RuleResult> results, List<Path> captures) {
        Map<Evidence.PacketRef, String> found = new IdentityHashMap<>();
        List<Evidence.PacketRef> wanted = new ArrayList<>();
        for (RuleResult r : results) {
            for (Evidence e : r.verdict().evidence()) {
                e.packet().ifPresent(wanted::add);
            }
        }
        if (wanted.isEmpty()) {
            return results;
        }
        for (Path capture : captures) {
            search(capture, wanted, found);
        }
        List<RuleResult> out = new ArrayList<>();
        for (RuleResult r : results) {
            List<Evidence> evidence = new ArrayList<>();
            for (Evidence e : r.verdict().evidence()) {
                String frame = e.packet().map(found::get).orElse(null);
                evidence.add(frame == null ? e : e.withFrame(frame));
            }
            out.add(new RuleResult(r.rule(), r.scenario(), r.verdict().withEvidence(evidence)));
        }
        return out;
    }

    private static void search(Path capture, List<Evidence.PacketRef> wanted, Map<Evidence.PacketRef, String> found) {
        List<Evidence.PacketRef> left = wanted.stream().filter(w -> !found.containsKey(w)).toList();
        if (left.isEmpty()) {
            return;
        }
        PacketDecoder decoder = new PacketDecoder(problem -> {});
        Packet packet = new Packet();
        Frame frame = new Frame();
        try (CaptureReader reader = CaptureFiles.open(capture, problem -> {})) {
            while (reader.next(frame)) {
                decoder.decode(frame, packet);
                if (packet.kind != Packet.Kind.TCP && packet.kind != Packet.Kind.UDP) {
                    continue;
                }
                int length = packet.payloadCapturedLength();
                if (length == 0) {
                    continue;
                }
                int from = packet.payloadOffset(); // offsets index the frame's array already
                byte[] payload = Arrays.copyOfRange(frame.data, from, from + length);
                String src = IpAddresses.format(packet.ipVersion, packet.srcHi, packet.srcLo);
                String dst = IpAddresses.format(packet.ipVersion, packet.dstHi, packet.dstLo);
                for (Evidence.PacketRef ref : left) {
                    if (!found.containsKey(ref) && matches(ref, packet, src, dst, payload)) {
                        found.put(ref, capture.getFileName() + " frame " + frame.number);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // A capture that cannot be read names no frames; the evidence stands without them.
        }
    }

    static boolean matches(Evidence.PacketRef ref, Packet packet, String src, String dst, byte[] payload) {
        if (ref.udp() != (packet.kind == Packet.Kind.UDP) || !ref.from().equals(src) || !ref.to().equals(dst)) {
            return false;
        }
        if (ref.toPort() != 0 && ref.toPort() != packet.dstPort) {
            return false;
        }
        byte[] needle = Arrays.copyOf(ref.payload(), Math.min(MATCH_BYTES, ref.payload().length));
        if (indexOf(payload, needle) >= 0) {
            return true;
        }
        // The bytes went out in several segments: this one carries their start.
        return payload.length >= MIN_PREFIX_BYTES && payload.length < ref.payload().length
                && Arrays.equals(payload, 0, payload.length, ref.payload(), 0, payload.length);
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
