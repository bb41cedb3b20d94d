package chatlab.bench.load;

import chatlab.bench.ClientProtocol;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * What a bench client writes to a peer server: to register and join the one channel every client is in, to send a
 * message to it, and to answer a ping. One write per message, as with the chat wires; a message's text is the same
 * stamp ({@link Stamp}) whatever carries it.
 */
final class PeerWire {
    /** The IRC channel every client joins (RFC 2812, 1.3: a name starting with '#'). */
    static final String IRC_CHANNEL = "#bench";
    /** The Redis channel and the NATS subject every client subscribes to. */
    static final String CHANNEL = "bench";
    /** The NATS subscription id of the one SUB each client makes. */
    static final String NATS_SID = "1";
    /**
     * The NATS CONNECT options: no +OK after every operation (verbose), no strict subject checks (pedantic), and no
     * copy of a client's own messages (echo), so each message reaches the other N-1 clients as on the other servers.
     */
    static final String NATS_CONNECT_OPTIONS = "{\"verbose\":false,\"pedantic\":false,\"echo\":false,"
            + "\"lang\":\"java\",\"version\":\"" + BenchWire.CLIENT_SOFTWARE + "\",\"protocol\":1,\"name\":\"%s\"}";

    private PeerWire() {}

    /**
     * IRC: NICK and USER (RFC 2812, 3.1.2 and 3.1.3; the JOIN waits for RPL_WELCOME). RESP: HELLO 3 (so the same
     * connection may PUBLISH while subscribed, which RESP2 forbids) and SUBSCRIBE. NATS: CONNECT, SUB, and a PING
     * whose PONG says the SUB was taken.
     */
    static byte[] registration(ClientProtocol protocol, String name) {
        return switch (protocol) {
            case IRC -> ascii("NICK " + name + "\r\nUSER " + name + " 0 * :" + BenchWire.CLIENT_SOFTWARE + "\r\n");
            case RESP -> concat(resp("HELLO", "3"), resp("SUBSCRIBE", CHANNEL));
            case NATS -> ascii("CONNECT " + String.format(NATS_CONNECT_OPTIONS, name) + "\r\nSUB " + CHANNEL + " "
                    + NATS_SID + "\r\nPING\r\n");
            case CHAT -> throw new IllegalArgumentException("the chat wires are BenchWire's");
        };
    }

    /** IRC only: the JOIN, once the server has welcomed the client. */
    static byte[] join() {
        return ascii("JOIN " + IRC_CHANNEL + "\r\n");
    }

    /** One message with {@code text} to the channel. */
    static byte[] chat(ClientProtocol protocol, byte[] text) {
        return switch (protocol) {
            case IRC -> concat(ascii("PRIVMSG " + IRC_CHANNEL + " :"), text, ascii("\r\n"));
            case RESP -> concat(ascii("*3\r\n$7\r\nPUBLISH\r\n$" + CHANNEL.length() + "\r\n" + CHANNEL + "\r\n$"
                    + text.length + "\r\n"), text, ascii("\r\n"));
            case NATS -> concat(ascii("PUB " + CHANNEL + " " + text.length + "\r\n"), text, ascii("\r\n"));
            case CHAT -> throw new IllegalArgumentException("the chat wires are BenchWire's");
        };
    }

    /** The answer to a server's ping: IRC echoes its token (RFC 2812, 3.7.3); NATS has none. */
    static byte[] pong(ClientProtocol protocol, String token) {
        return switch (protocol) {
            case IRC -> ascii("PONG :" + token + "\r\n");
            case NATS -> ascii("PONG\r\n");
            case RESP, CHAT -> throw new IllegalArgumentException(protocol.text() + " servers do not ping");
        };
    }

    /** A RESP command: an array of bulk strings. */
    static byte[] resp(String... words) {
        StringBuilder s = new StringBuilder("*").append(words.length).append("\r\n");
        for (String word : words) {
            s.append('$').append(word.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(word).append("\r\n");
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
