package chatlab.bench;

import chatlab.protocol.v2.ServerMessage;
import chatlab.protocol.v2.ServerMessageDecoder;
import chatlab.protocol.v2.V2DecodeException;
import chatlab.protocol.v2.V2Type;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * A v2 client's view of the room, from every server line that is not a bench message: the welcome's user list,
 * then presence changes. All of the bench's v2 presence handling is here and goes through the protocol module's
 * {@link ServerMessageDecoder}, so it follows whatever the protocol decodes. Every line of a type that is not a
 * chat message, an ack, an error or a keepalive counts as presence traffic, so a new presence message type is
 * counted before this class learns to apply it.
 */
public final class V2Roster {
    private final ServerMessageDecoder decoder = new ServerMessageDecoder();
    private final Inbound inbound;
    private final Set<String> names = new HashSet<>();
    private long namesHash;
    private boolean welcomed;

    public V2Roster(Inbound inbound) {
        this.inbound = inbound;
    }

    /** One line without its newline; {@code lineBytes} is what it cost on the wire, newline included. */
    public void line(byte[] data, int offset, int length, int lineBytes) {
        ServerMessage message;
        try {
            message = decoder.decode(data, offset, length);
        } catch (V2DecodeException | RuntimeException e) {
            inbound.serverError("garbled", "a line the protocol module cannot decode: "
                    + new String(data, offset, Math.min(length, 200), StandardCharsets.UTF_8), false);
            return;
        }
        if (message instanceof ServerMessage.Deflated deflated) {
            message = deflated.inner(); // only sent to clients that ask; the bench does not, but follows it anyway
        }
        if (isPresence(message.type())) {
            inbound.presenceBytes(lineBytes);
        }
        if (message instanceof ServerMessage.Welcome welcome) {
            names.clear();
            namesHash = 0;
            welcome.users().forEach(user -> add(user.name()));
            welcomed = true;
            changed();
        } else if (message instanceof ServerMessage.Joined joined) {
            add(joined.user().name());
            changed();
        } else if (message instanceof ServerMessage.Left left) {
            remove(left.name());
            changed();
        } else if (message instanceof ServerMessage.Presence presence) {
            // A batch of changes: leaves first (a name in both lists left and came back).
            presence.left().forEach(left -> remove(left.name()));
            presence.joined().forEach(user -> add(user.name()));
            changed();
        } else if (message instanceof ServerMessage.Error error) {
            inbound.serverError(error.code().code(), error.message(), error.fatal());
        } else if (message instanceof ServerMessage.Ping ping) {
            inbound.ping(ping.token());
        } else if (message instanceof ServerMessage.Challenge) {
            inbound.serverError("auth", "the server asks for a password; the bench joins as a guest only", true);
        }
    }

    public int users() {
        return welcomed ? names.size() : -1;
    }

    private void add(String name) {
        if (names.add(name)) {
            namesHash += NameHash.of(name);
        }
    }

    private void remove(String name) {
        if (names.remove(name)) {
            namesHash -= NameHash.of(name);
        }
    }

    private void changed() {
        if (welcomed) {
            inbound.roster(names.size(), namesHash);
        }
    }

    private static boolean isPresence(V2Type type) {
        return switch (type) {
            case MESSAGE, ACK, ERROR, PING, PONG, WHISPER, CHALLENGE, REKEY -> false;
            default -> true; // welcome, joined, left, presence, and whatever the protocol adds
        };
    }
}
