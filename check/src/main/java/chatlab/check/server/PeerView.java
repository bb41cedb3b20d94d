package chatlab.check.server;

import chatlab.check.Evidence;
import chatlab.check.wire.LabPeer;
import chatlab.check.wire.ServerStream;
import chatlab.check.wire.Show;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one of the check's peers had received after a mark, frozen when the scenario ended, for the rules to judge.
 *
 * @param name    the name it registered (or its label)
 * @param address its address
 * @param bytes   everything it received after the mark
 * @param items   the maps and text among them (parsed with what came before, so no map is cut by the mark)
 * @param ended   how its connection ended, or null while it was open
 * @param before  the last map it had received before the mark, if any
 * @param text    the text (everything but maps) it received after the mark
 */
record PeerView(String name, String address, byte[] bytes, List<ServerStream.Item> items, String ended,
        Optional<ServerStream.MapItem> before, String text) {
    static PeerView of(LabPeer peer, int mark) {
        ServerStream stream = peer.stream();
        List<ServerStream.Item> items = stream.items().stream().filter(i -> i.end() > mark).toList();
        Optional<ServerStream.MapItem> before = stream.maps().stream().filter(m -> m.end() <= mark)
                .reduce((a, b) -> b);
        byte[] all = peer.bytes();
        return new PeerView(peer.label(), peer.address(), Arrays.copyOfRange(all, Math.min(mark, all.length), all.length),
                items, peer.ended(), before, stream.textFrom(mark));
    }

    /** Why its maps after the mark are not {@code expected}, in a student's terms. */
    String mapDifference(Map<String, String> expected) {
        if (lastMap().isEmpty() && before.isPresent()) {
            return "no map came after that; it still held " + Show.text("!" + before.get().json());
        }
        return MapWords.difference(expected, lastMap(), text());
    }

    List<ServerStream.MapItem> maps() {
        return items.stream().filter(ServerStream.MapItem.class::isInstance).map(ServerStream.MapItem.class::cast)
                .toList();
    }

    Optional<ServerStream.MapItem> lastMap() {
        List<ServerStream.MapItem> maps = maps();
        return maps.isEmpty() ? Optional.empty() : Optional.of(maps.get(maps.size() - 1));
    }

    /** Whether some map it received lists exactly {@code users} (names and addresses, in any order). */
    boolean gotMap(Map<String, String> users) {
        return maps().stream().anyMatch(m -> m.users().equals(users));
    }

    boolean open() {
        return ended == null;
    }

    /** "bob (10.20.30.22)". */
    String who() {
        return name + " (" + address + ")";
    }

    /**
     * "bob (10.20.30.22) received "alice: hi " (10 bytes: ...)", the text apart from the user maps (which are
     * counted), or that it received nothing.
     */
    String received() {
        int maps = maps().size();
        String text = text();
        String what;
        if (bytes.length == 0) {
            what = "received nothing";
        } else if (maps == 0) {
            what = "received " + Show.bytes(bytes);
        } else if (text.isEmpty()) {
            what = "received only " + Show.count(maps, "user map") + ", last " + Show.text(lastMapShown());
        } else {
            what = "received " + Show.bytes(text.getBytes(StandardCharsets.UTF_8)) + " besides "
                    + Show.count(maps, "user map");
        }
        return who() + " " + what + (ended == null ? "" : "; its connection was " + ended);
    }

    /** Evidence of what it received, pointing at the server's packet to it when a capture holds one. */
    Evidence evidence(String serverAddress) {
        if (bytes.length == 0) {
            return Evidence.of(received());
        }
        return Evidence.of(received(), new Evidence.PacketRef(false, serverAddress, address, 0,
                Arrays.copyOf(bytes, Math.min(bytes.length, 64))));
    }

    /** Evidence of what it received, pointing at the server's packet that carried {@code text}. */
    Evidence evidence(String serverAddress, String text) {
        return Evidence.of(received(), new Evidence.PacketRef(false, serverAddress, address, 0,
                text.getBytes(StandardCharsets.UTF_8)));
    }

    /** The map it received last, as the lab's client would hold it, or "no map". */
    String lastMapShown() {
        return lastMap().map(m -> "!" + m.json()).orElse("no map");
    }
}
