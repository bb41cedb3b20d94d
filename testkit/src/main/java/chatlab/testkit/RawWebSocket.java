package chatlab.testkit;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;

/**
 * A scripted WebSocket client (RFC 6455) on a plain socket: the opening handshake with the {@code Origin} a test
 * chooses, then frames exactly as the test writes them (masked, as a client must), including what no browser would
 * send: a frame header that claims a huge payload, a binary message, a flood. Records every text message and the
 * close frame the server sends.
 */
public final class RawWebSocket implements AutoCloseable {
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    private final Socket socket;
    private final OutputStream out;
    private final RawHttp.Response handshake;
    private final SecureRandom random = new SecureRandom();
    private final List<String> texts = new ArrayList<>();
    private final List<Integer> opcodes = new ArrayList<>();
    private volatile Integer closeCode;
    private volatile String closeReason;
    private volatile boolean ended;

    private RawWebSocket(Socket socket, RawHttp.Response handshake) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.handshake = handshake;
        if (handshake.status() == 101) {
            Thread reader = new Thread(this::readLoop, "raw-websocket-" + socket.getLocalSocketAddress());
            reader.setDaemon(true);
            reader.start();
        } else {
            ended = true;
        }
    }

    /**
     * Connects from {@code local} and asks to upgrade {@code path}.
     *
     * @param origin the Origin header, or null to send none
     */
    public static RawWebSocket open(InetAddress local, int port, String path, String origin) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(local, 0));
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
        socket.setTcpNoDelay(true);
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);
        String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n" + (origin == null ? "" : "Origin: " + origin + "\r\n") + "\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return new RawWebSocket(socket, RawHttp.read(socket.getInputStream(), false));
    }

    /** The server's answer to the upgrade request (101 when it upgraded). */
    public RawHttp.Response handshake() {
        return handshake;
    }

    public void sendText(String text) throws IOException {
        sendFrame(TEXT, true, text.getBytes(StandardCharsets.UTF_8));
    }

    /** One whole, masked frame. */
    public synchronized void sendFrame(int opcode, boolean fin, byte[] payload) throws IOException {
        writeHeader(opcode, fin, payload.length);
        byte[] mask = new byte[4];
        random.nextBytes(mask);
        byte[] masked = new byte[payload.length];
        for (int i = 0; i < payload.length; i++) {
            masked[i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        out.write(mask);
        out.write(masked);
        out.flush();
    }

    /** Only the header of a masked frame that claims {@code length} bytes of payload (and its mask), nothing more. */
    public synchronized void sendHeaderOnly(int opcode, long length) throws IOException {
        writeHeader(opcode, true, length);
        out.write(new byte[] {1, 2, 3, 4});
        out.flush();
    }

    private void writeHeader(int opcode, boolean fin, long length) throws IOException {
        out.write((fin ? 0x80 : 0) | opcode);
        if (length < 126) {
            out.write(0x80 | (int) length);
        } else if (length <= 0xFFFF) {
            out.write(0x80 | 126);
            out.write((int) (length >>> 8));
            out.write((int) length);
        } else {
            out.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (length >>> shift));
            }
        }
    }

    private void readLoop() {
        try {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            while (true) {
                int first = in.read();
                if (first < 0) {
                    break;
                }
                int second = in.readUnsignedByte();
                long length = second & 0x7F;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                byte[] payload = in.readNBytes((int) length);
                int opcode = first & 0x0F;
                synchronized (texts) {
                    opcodes.add(opcode);
                    if (opcode == TEXT) {
                        texts.add(new String(payload, StandardCharsets.UTF_8));
                    }
                }
                if (opcode == CLOSE) {
                    closeCode = payload.length >= 2 ? ((payload[0] & 0xFF) << 8 | (payload[1] & 0xFF)) : 1005;
                    closeReason = payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
                }
            }
        } catch (IOException e) {
            // a reset or our own close ends the loop like an orderly close
        }
        ended = true;
    }

    public List<String> texts() {
        synchronized (texts) {
            return new ArrayList<>(texts);
        }
    }

    /** Opcodes of every frame received, in order. */
    public List<Integer> opcodes() {
        synchronized (texts) {
            return new ArrayList<>(opcodes);
        }
    }

    public String awaitText(String what, Predicate<String> matches) {
        Await.until(what, this::texts, got -> got.stream().anyMatch(matches));
        return texts().stream().filter(matches).findFirst().orElseThrow();
    }

    public String awaitTextContaining(String part) {
        return awaitText("a message containing " + part, t -> t.contains(part));
    }

    /** Waits until the server has ended the connection; returns its close code (1005 without one, null if none came). */
    public Integer awaitEnd() {
        Await.until("the server to end the websocket of " + socket.getLocalSocketAddress(), () -> ended);
        return closeCode;
    }

    public Integer closeCode() {
        return closeCode;
    }

    public String closeReason() {
        return closeReason;
    }

    public boolean ended() {
        return ended;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
