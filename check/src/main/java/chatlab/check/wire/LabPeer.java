package chatlab.check.wire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * One of the check's own lab-wire clients: a plain TCP socket from an address of its own, that sends exactly the
 * bytes it is given and keeps every byte it receives, so rules can judge the wire byte for byte. It can misbehave
 * as students' clients and networks do: stop reading, half-close, vanish with a reset.
 */
public final class LabPeer implements AutoCloseable {
    /** How long a paused reader sleeps between looks at whether it may read again. */
    private static final long PAUSE_POLL_NANOS = 5_000_000;
    private static final int READ_BYTES = 64 * 1024;

    private final String label;
    private final Socket socket;
    private final OutputStream out;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    /** A byte value (0 to 255) counted as it arrives, or -1. */
    private final int tallied;
    private long tally;
    private volatile boolean paused;
    private volatile String ended;
    private volatile boolean closedByUs;
    private byte[] parsedFor = new byte[0];
    private ServerStream parsed = ServerStream.parse(new byte[0]);

    private LabPeer(String label, Socket socket, int tallied) throws IOException {
        this.label = label;
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.tallied = tallied;
        Thread reader = new Thread(this::readLoop, "check-peer-" + label);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Connects from {@code local} (a port of the system's choosing) to the server.
     *
     * @param receiveBufferBytes SO_RCVBUF set before connecting, 0 for the system's default (a small one makes a
     *                           client that stops reading fill up fast)
     * @param tallied            a byte value counted as it arrives (the slow-reader scenario counts its filler
     *                           without searching megabytes), or -1 for none
     */
    public static LabPeer connect(String label, InetAddress local, InetSocketAddress server, int receiveBufferBytes,
            int tallied, Duration timeout) throws IOException {
        Socket socket = new Socket();
        try {
            if (receiveBufferBytes > 0) {
                socket.setReceiveBufferSize(receiveBufferBytes);
            }
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(local, 0));
            socket.connect(server, (int) Math.max(1, timeout.toMillis()));
            socket.setTcpNoDelay(true);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return new LabPeer(label, socket, tallied);
    }

    private void readLoop() {
        byte[] buffer = new byte[READ_BYTES];
        try {
            InputStream in = socket.getInputStream();
            while (true) {
                while (paused) {
                    LockSupport.parkNanos(PAUSE_POLL_NANOS);
                }
                int n = in.read(buffer);
                if (n < 0) {
                    ended = "closed by the server (FIN)";
                    return;
                }
                synchronized (received) {
                    received.write(buffer, 0, n);
                    if (tallied >= 0) {
                        for (int i = 0; i < n; i++) {
                            if ((buffer[i] & 0xff) == tallied) {
                                tally++;
                            }
                        }
                    }
                }
            }
        } catch (SocketException e) {
            ended = closedByUs ? "closed by the check" : "reset by the server (" + e.getMessage() + ")";
        } catch (IOException e) {
            ended = "ended: " + e.getMessage();
        }
    }

    public String label() {
        return label;
    }

    /** The address this peer connects from, as the server sees it. */
    public String address() {
        return socket.getLocalAddress().getHostAddress();
    }

    public int localPort() {
        return socket.getLocalPort();
    }

    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    /** How many bytes have arrived so far: a mark to look at what comes after it. */
    public int mark() {
        synchronized (received) {
            return received.size();
        }
    }

    public byte[] bytes() {
        synchronized (received) {
            return received.toByteArray();
        }
    }

    public byte[] bytesFrom(int mark) {
        byte[] all = bytes();
        return Arrays.copyOfRange(all, Math.min(mark, all.length), all.length);
    }

    /** How many of the tallied byte have arrived. */
    public long tally() {
        synchronized (received) {
            return tally;
        }
    }

    /** Everything received so far, cut into maps and text (parsed again only when more has arrived). */
    public synchronized ServerStream stream() {
        byte[] all = bytes();
        if (all.length != parsedFor.length) {
            parsed = ServerStream.parse(all);
            parsedFor = all;
        }
        return parsed;
    }

    /** The last complete map received, if any. */
    public Optional<ServerStream.MapItem> lastMap() {
        return stream().lastMap();
    }

    /** Everything but maps received after {@code mark}. */
    public String textFrom(int mark) {
        return stream().textFrom(mark);
    }

    /** Null while the connection is open; otherwise how it ended (closed or reset by the server, or by us). */
    public String ended() {
        return ended;
    }

    public boolean open() {
        return ended == null;
    }

    /** Whether this peer reads what arrives (it stops for the slow-reader scenario). */
    public boolean reading() {
        return !paused;
    }

    /** Stops reading: what the server sends piles up in this socket's buffers and then in the server. */
    public void stopReading() {
        paused = true;
    }

    /** Half-close: the server reads an end of stream (an empty read) while this peer can still receive. */
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** An orderly close (FIN): the server's next read is empty, as when the lab's client exits. */
    @Override
    public void close() {
        closedByUs = true;
        paused = false;
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }

    /** An abrupt close (RST), as a crashed client or a pulled cable looks to the server. */
    public void abort() {
        closedByUs = true;
        paused = false;
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // Closed already: nothing to reset.
        }
        close();
    }

    @Override
    public String toString() {
        return label + " (" + address() + ")";
    }
}
