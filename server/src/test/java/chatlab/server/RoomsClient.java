package chatlab.server;

import chatlab.protocol.v2.ServerMessage;
import chatlab.protocol.v2.ServerMessageDecoder;
import chatlab.protocol.v2.UserInfo;
import chatlab.testkit.Ports;
import chatlab.testkit.RawLineClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A raw v2 line client for the rooms tests: it writes exactly the lines given and reads the server's lines back
 * decoded, with what it has learnt of each room (who is in it) worked out from the room states and presences.
 */
final class RoomsClient implements AutoCloseable {
    private static final ServerMessageDecoder DECODER = new ServerMessageDecoder();
    final RawLineClient raw;
    final String name;

    private RoomsClient(RawLineClient raw, String name) {
        this.raw = raw;
        this.name = name;
    }

    /**
     * Connects from 127.0.0.{@code octet} and says hello.
     *
     * @param features the hello's features, as JSON (e.g. {@code ["rooms"]}), or null for none
     * @param rooms    the hello's rooms, as JSON, or null for none
     */
    static RoomsClient hello(int port, int octet, String name, String features, String rooms) throws IOException {
        RawLineClient raw = RawLineClient.connect(Ports.loopback(octet), port);
        raw.sendLine("{\"type\":\"hello\",\"version\":2,\"name\":\"" + name + "\""
                + (features == null ? "" : ",\"features\":" + features)
                + (rooms == null ? "" : ",\"rooms\":" + rooms) + "}");
        raw.awaitLineContaining("\"type\":\"welcome\"");
        return new RoomsClient(raw, name);
    }

    /** A client with the feature "rooms" in the rooms of its hello (null: the default room). */
    static RoomsClient withRooms(int port, int octet, String name, String rooms) throws IOException {
        return hello(port, octet, name, "[\"rooms\"]", rooms);
    }

    void send(String line) throws IOException {
        raw.sendLine(line);
    }

    static ServerMessage decode(String line) {
        try {
            ServerMessage message = DECODER.decode(line.getBytes(StandardCharsets.UTF_8));
            return message instanceof ServerMessage.Deflated deflated ? deflated.inner() : message;
        } catch (Exception e) {
            throw new AssertionError("undecodable line from the server: " + line, e);
        }
    }

    List<ServerMessage> messages() {
        List<ServerMessage> messages = new ArrayList<>();
        for (String line : raw.lines()) {
            messages.add(decode(line));
        }
        return messages;
    }

    /** Who this client knows to be in the room now: its room states and presences for it, applied in order. */
    Set<String> members(String room) {
        Set<String> members = new LinkedHashSet<>();
        for (ServerMessage message : messages()) {
            if (message instanceof ServerMessage.RoomState state && state.room().equals(room)) {
                members.clear();
                state.users().stream().map(UserInfo::name).forEach(members::add);
            } else if (message instanceof ServerMessage.Presence presence && Objects.equals(presence.room(), room)) {
                presence.left().forEach(left -> members.remove(left.name()));
                presence.joined().stream().map(UserInfo::name).forEach(members::add);
            }
        }
        return members;
    }

    /** Waits until this client knows exactly these members of the room. */
    void awaitMembers(String room, String... names) {
        Set<String> expected = new LinkedHashSet<>(List.of(names));
        chatlab.testkit.Await.until(name + " to know " + expected + " in " + room, () -> members(room),
                got -> got.equals(expected));
    }

    /** The texts of the chat messages it got from that room, as FROM: TEXT. */
    List<String> said(String room) {
        List<String> said = new ArrayList<>();
        for (ServerMessage message : messages()) {
            if (message instanceof ServerMessage.Message m && Objects.equals(m.room(), room)) {
                said.add(m.from() + ": " + m.text());
            }
        }
        return said;
    }

    /** Waits for the line that answers a ping with this token: everything the server sent before it is in. */
    void sync(String token) throws IOException {
        raw.sendLine("{\"type\":\"ping\",\"token\":\"" + token + "\"}");
        raw.awaitLine("the pong " + token, l -> l.equals("{\"type\":\"pong\",\"token\":\"" + token + "\"}"));
    }

    /** The first line that holds all of {@code parts}, waited for. */
    String await(String... parts) {
        return raw.awaitLine("a line with " + List.of(parts), l -> List.of(parts).stream().allMatch(l::contains));
    }

    @Override
    public void close() throws IOException {
        raw.close();
    }
}
