package chatlab.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A scripted lab-wire peer on a plain socket: sends exactly the bytes it is given and records every byte it
 * receives, so tests can assert the wire byte for byte. It can also misbehave: stop reading, vanish with a reset.
 */
public final class RawLabClient implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final Thread reader;
    private volatile boolean closedByPeer;
    /** Bytes it may still read before it stops reading; {@code Long.MAX_VALUE}: no limit. Guarded by this. */
    private long allowance = Long.MAX_VALUE;

    private RawLabClient(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.reader = new Thread(this::readLoop, "raw-lab-client-" + socket.getLocalSocketAddress());
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** Connects from {@code localAddress} (port chosen by the system). */
    public static RawLabClient connect(InetAddress localAddress, int serverPort) throws IOException {
        return connect(localAddress, InetAddress.getLoopbackAddress(), serverPort, 0);
    }

    /**
     * @param receiveBufferBytes SO_RCVBUF to ask for before connecting (0 keeps the default); a small one with
     *                           {@link #stopReading()} makes a slow reader quickly
     */
    public static RawLabClient connect(InetAddress localAddress, InetAddress server, int serverPort, int receiveBufferBytes)
            throws IOException {
        Socket socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.bind(new InetSocketAddress(localAddress, 0));
        socket.connect(new InetSocketAddress(server, serverPort), 10_000);
        socket.setTcpNoDelay(true);
        return new RawLabClient(socket);
    }

    private void readLoop() {
        byte[] buffer = new byte[8192];
        try {
            InputStream in = socket.getInputStream();
            while (true) {
                int max;
                synchronized (this) {
                    while (allowance == 0) {
                        wait();
                    }
                    max = (int) Math.min(buffer.length, allowance);
                }
                int n = in.read(buffer, 0, max);
                if (n < 0) {
                    break;
                }
                synchronized (this) {
                    if (allowance != Long.MAX_VALUE) {
                        allowance -= Math.min(allowance, n);
                    }
                }
                synchronized (received) {
                    received.write(buffer, 0, n);
                }
            }
        } catch (IOException | InterruptedException e) {
            // A reset or our own close ends the loop the same way as an orderly close.
        }
        closedByPeer = true;
    }

    public void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * Waits until the server has read every byte sent so far: first its kernel acknowledges them (nothing left in
     * this socket's send queue), then its program has taken them out of its socket's receive queue. Two sends with
     * this between them reach the server in two reads.
     */
    public void awaitReadByServer() {
        InetSocketAddress local = localAddress();
        InetSocketAddress server = (InetSocketAddress) socket.getRemoteSocketAddress();
        Await.until("the server's kernel to acknowledge what " + local + " sent", () -> TcpQueues.of(local, server),
                q -> q.isPresent() && q.get().sendQueue() == 0);
        Await.until("the server to read what " + local + " sent", () -> TcpQueues.of(server, local),
                q -> q.isPresent() && q.get().receiveQueue() == 0);
    }

    /** Everything received so far. */
    public byte[] received() {
        synchronized (received) {
            return received.toByteArray();
        }
    }

    /** How many bytes it has received so far (cheaper than {@link #received()}). */
    public int receivedBytes() {
        synchronized (received) {
            return received.size();
        }
    }

    public String receivedText() {
        return new String(received(), StandardCharsets.UTF_8);
    }

    /** Waits until everything received so far equals {@code expected}, byte for byte. */
    public void awaitReceived(String expected) {
        byte[] bytes = expected.getBytes(StandardCharsets.UTF_8);
        Await.until("exactly " + show(bytes) + " received by " + socket.getLocalSocketAddress(),
                this::receivedText, got -> Arrays.equals(got.getBytes(StandardCharsets.UTF_8), bytes));
    }

    /** Waits until the received text ends with {@code suffix}. */
    public void awaitEndsWith(String suffix) {
        Await.until("received text ending with " + suffix, this::receivedText, got -> got.endsWith(suffix));
    }

    public void awaitContains(String part) {
        Await.until("received text containing " + part, this::receivedText, got -> got.contains(part));
    }

    /** Waits until the server closes the connection. */
    public void awaitClosedByServer() {
        Await.until("the server to close the connection of " + socket.getLocalSocketAddress(), () -> closedByPeer);
    }

    public boolean closedByServer() {
        return closedByPeer;
    }

    /**
     * Stops reading from the socket, so the server's data piles up in the kernel and then in its queue. A read
     * already waiting for data still completes (up to 8 KiB).
     */
    public synchronized void stopReading() {
        allowance = 0;
    }

    /** After {@link #stopReading}: reads everything again, as it comes. */
    public synchronized void resumeReading() {
        allowance = Long.MAX_VALUE;
        notifyAll();
    }

    /** After {@link #stopReading}: reads up to {@code bytes} more, as they come, then stops again (a trickling reader). */
    public synchronized void readMore(int bytes) {
        allowance = allowance == Long.MAX_VALUE ? allowance : allowance + bytes;
        notifyAll();
    }

    /** Closes with a reset (SO_LINGER 0), as a crashed client or a pulled cable would look. */
    public void vanish() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    /** Closes the sending side only (a half-close): the server reads end of stream. */
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /**
     * A user map as chatlab's server sends it to lab clients: padded with spaces to the lab client's 1024-byte read
     * (docs/PROTOCOL.md), so a map and the message after it never share one of its reads.
     */
    public static String paddedMap(String map) {
        return map + " ".repeat(Math.max(0, 1024 - map.getBytes(StandardCharsets.UTF_8).length));
    }

    private static String show(byte[] bytes) {
        return "\"" + new String(bytes, StandardCharsets.UTF_8) + "\" (" + bytes.length + " bytes)";
    }
}
