package chatlab.protocol.v2;

import java.time.Instant;
import java.util.List;

/** Messages the server sends to a v2 client, one JSON object per line. */
public sealed interface ServerMessage {
    V2Type type();

    /** The limits a client should respect, announced in the welcome. */
    record AnnouncedLimits(int maxLineBytes, int maxMessageBytes, int maxNameChars, double messagesPerSecond,
            int burstMessages, long pingIntervalMillis, long idleTimeoutMillis) {}

    /**
     * @param name    the name the server registered
     * @param address the client's address as the server sees it (what peers will send to)
     * @param users   everyone in the room, the client included, in joining order
     * @param scramFinal the SCRAM server-final message proving the server knows the verifier, or null (no login)
     * @param epoch   this run of the server (new at every start): a client resumes with it and the last seq it saw
     * @param usersFollow the room's user list comes in the {@code presence} message right after the welcome (the
     *                    server encodes that list once for everyone who joins at the same time); {@code users} then
     *                    holds only the client itself
     */
    record Welcome(int version, String server, String name, String address, AnnouncedLimits limits, List<UserInfo> users,
            String scramFinal, String epoch, boolean usersFollow) implements ServerMessage {
        public Welcome {
            users = List.copyOf(users);
        }

        public Welcome(int version, String server, String name, String address, AnnouncedLimits limits,
                List<UserInfo> users, String scramFinal, String epoch) {
            this(version, server, name, address, limits, users, scramFinal, epoch, false);
        }

        public Welcome(int version, String server, String name, String address, AnnouncedLimits limits, List<UserInfo> users) {
            this(version, server, name, address, limits, users, null, "");
        }

        public V2Type type() {
            return V2Type.WELCOME;
        }
    }

    /** The SCRAM server-first message: the client answers with {@code proof}. */
    record Challenge(String mechanism, String serverFirst) implements ServerMessage {
        public V2Type type() {
            return V2Type.CHALLENGE;
        }
    }

    /** Asks a client that just logged in for a stronger verifier: this salt (base64) and iteration count. */
    record Rekey(String salt, int iterations) implements ServerMessage {
        public V2Type type() {
            return V2Type.REKEY;
        }
    }

    record Joined(UserInfo user) implements ServerMessage {
        public V2Type type() {
            return V2Type.JOINED;
        }
    }

    record Left(String name, String reason) implements ServerMessage {
        public V2Type type() {
            return V2Type.LEFT;
        }
    }

    /**
     * The changes to the room since the last presence message (or since the welcome's user list): who joined, in
     * order, and who left. A name in both lists left and came back; apply {@code left} first.
     */
    record Presence(List<UserInfo> joined, List<Left> left) implements ServerMessage {
        public Presence {
            joined = List.copyOf(joined);
            left = List.copyOf(left);
        }

        public V2Type type() {
            return V2Type.PRESENCE;
        }
    }

    /** A server message sent deflated ({@link ServerMessageEncoder#deflated}); decoding returns the inner message. */
    record Deflated(ServerMessage inner) implements ServerMessage {
        public V2Type type() {
            return V2Type.DEFLATED;
        }
    }

    /**
     * A chatroom message, stamped by the server.
     *
     * @param id   the sender's id for it; null for messages from lab users, which have none
     * @param seq  the room's sequence number, increasing by one per message
     */
    record Message(String from, String text, long seq, Instant time, String id, boolean action, Wire wire)
            implements ServerMessage {
        public V2Type type() {
            return V2Type.MESSAGE;
        }

        public Message withSeq(long value) {
            return new Message(from, text, value, time, id, action, wire);
        }
    }

    /** The server took the client's {@code say} with this id; {@code duplicate} when it had already. */
    record Ack(String id, long seq, Instant time, boolean duplicate) implements ServerMessage {
        public V2Type type() {
            return V2Type.ACK;
        }
    }

    record Whisper(String from, String id, String text, Instant time) implements ServerMessage {
        public V2Type type() {
            return V2Type.WHISPER;
        }
    }

    /** @param ref the id of the client message the error is about, or null */
    record Error(ErrorCode code, String message, String ref) implements ServerMessage {
        public V2Type type() {
            return V2Type.ERROR;
        }

        public boolean fatal() {
            return code.fatal();
        }
    }

    record Ping(String token) implements ServerMessage {
        public V2Type type() {
            return V2Type.PING;
        }
    }

    record Pong(String token) implements ServerMessage {
        public V2Type type() {
            return V2Type.PONG;
        }
    }
}
