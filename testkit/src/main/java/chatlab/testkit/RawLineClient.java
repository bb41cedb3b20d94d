package chatlab.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A scripted line-protocol peer (the v2 wire is JSON lines): writes exactly the bytes given, and records every line
 * received, so tests can play a client that is well-behaved, hostile, or anything between.
 */
public final class RawLineClient implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final List<String> lines = new ArrayList<>();
    private volatile boolean closedByPeer;

    private RawLineClient(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        Thread reader = new Thread(this::readLoop, "raw-line-client-" + socket.getLocalSocketAddress());
        reader.setDaemon(true);
        reader.start();
    }

    public static RawLineClient connect(InetAddress localAddress, int serverPort) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(localAddress, 0));
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), serverPort), 10_000);
        socket.setTcpNoDelay(true);
        return new RawLineClient(socket);
    }

    private void readLoop() {
        // The reader never closes the socket: only close() does, so a test may still write after the server hung up.
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (lines) {
                    lines.add(line);
                }
            }
        } catch (IOException e) {
            // A reset or our own close ends the loop like an orderly close.
        }
        closedByPeer = true;
    }

    /** Sends the text followed by a newline. */
    public void sendLine(String line) throws IOException {
        send((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public List<String> lines() {
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }

    /** Waits for a received line that matches, and returns the first such. */
    public String awaitLine(String what, Predicate<String> matches) {
        Await.until(what + " at " + socket.getLocalSocketAddress(), this::lines,
                got -> got.stream().anyMatch(matches));
        return lines().stream().filter(matches).findFirst().orElseThrow();
    }

    /** Waits for a line containing {@code part}. */
    public String awaitLineContaining(String part) {
        return awaitLine("a line containing " + part, l -> l.contains(part));
    }

    public void awaitClosedByServer() {
        Await.until("the server to close the connection of " + socket.getLocalSocketAddress(), () -> closedByPeer);
    }

    public boolean closedByServer() {
        return closedByPeer;
    }

    public void vanish() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
