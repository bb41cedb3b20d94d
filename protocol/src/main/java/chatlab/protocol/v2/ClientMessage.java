package chatlab.protocol.v2;

import java.util.List;

/** Messages a v2 client sends to the server, one JSON object per line. */
public sealed interface ClientMessage {
    V2Type type();

    /**
     * @param version  the protocol version the client speaks (2)
     * @param client   the client software, e.g. "chatlab/0.1.0"
     * @param udpPort  where the client takes direct messages; 0 for none
     * @param features optional abilities the client has, e.g. "dm-ack"
     * @param scram    a SCRAM-SHA-256 client-first message to log in with, or null
     * @param resume   where a reconnecting client left off, so the server can replay what it missed; or null
     */
    record Hello(int version, String name, String client, int udpPort, List<String> features, String scram,
            Resume resume) implements ClientMessage {
        public Hello {
            features = List.copyOf(features);
        }

        public Hello(int version, String name, String client, int udpPort, List<String> features, String scram) {
            this(version, name, client, udpPort, features, scram, null);
        }

        public Hello(int version, String name, String client, int udpPort, List<String> features) {
            this(version, name, client, udpPort, features, null, null);
        }

        public V2Type type() {
            return V2Type.HELLO;
        }
    }

    /** The server run ({@code epoch} from its welcome) and the last message sequence number a client saw there. */
    record Resume(String epoch, long seq) {}

    /** A chatroom message; {@code id} is chosen by the client and unique per name, for acks and duplicates. */
    record Say(String id, String text, boolean action) implements ClientMessage {
        public V2Type type() {
            return V2Type.SAY;
        }
    }

    /** A direct message through the server, when the peer cannot be reached over UDP. */
    record Whisper(String id, String to, String text) implements ClientMessage {
        public V2Type type() {
            return V2Type.WHISPER;
        }
    }

    /** The SCRAM client-final message, answering the server's challenge. */
    record Proof(String clientFinal) implements ClientMessage {
        public V2Type type() {
            return V2Type.PROOF;
        }
    }

    /** A stronger verifier the client made for the salt and count the server asked for (base64 keys). */
    record Rekeyed(String storedKey, String serverKey) implements ClientMessage {
        public V2Type type() {
            return V2Type.REKEYED;
        }
    }

    record Ping(String token) implements ClientMessage {
        public V2Type type() {
            return V2Type.PING;
        }
    }

    record Pong(String token) implements ClientMessage {
        public V2Type type() {
            return V2Type.PONG;
        }
    }

    record Bye() implements ClientMessage {
        public V2Type type() {
            return V2Type.BYE;
        }
    }

    /** A line that could not be decoded: the decoder's error value, never an exception. */
    record Malformed(ErrorCode code, String message, String ref) implements ClientMessage {
        public V2Type type() {
            return null;
        }
    }
}
