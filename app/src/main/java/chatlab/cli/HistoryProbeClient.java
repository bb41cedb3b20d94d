package chatlab.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * A v2 client of {@code chatlab bench history}: one blocking socket that writes JSON lines and reads the server's
 * lines one at a time, with the feature "history" in its hello, in one room.
 */
final class HistoryProbeClient implements AutoCloseable {
    /** A line the server does not send within this long fails the measurement. */
    static final int READ_TIMEOUT_MILLIS = 30_000;

    private final SocketChannel channel;
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    private HistoryProbeClient(SocketChannel channel) throws IOException {
        this.channel = channel;
        this.socket = channel.socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        this.out = socket.getOutputStream();
    }

    static HistoryProbeClient connect(InetSocketAddress server) throws IOException {
        SocketChannel channel = SocketChannel.open(); // blocking; a listener's is handed to a ListenerDrain later
        try {
            channel.socket().connect(server, READ_TIMEOUT_MILLIS);
            return new HistoryProbeClient(channel);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /** The socket's channel, for {@link ListenerDrain} once this client is done reading line by line. */
    SocketChannel channel() {
        return channel;
    }

    /** The hello of a client with rooms and history, in {@code room}. */
    void hello(String name, String room) throws IOException {
        send("{\"type\":\"hello\",\"version\":2,\"name\":\"" + name + "\",\"features\":[\"rooms\",\"history\"],"
                + "\"rooms\":[{\"room\":\"" + room + "\"}]}");
    }

    void send(String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The next line, or an exception when the connection ended or the server said nothing for 30 s. */
    String read() throws IOException {
        String line = in.readLine();
        if (line == null) {
            throw new IOException("the server closed the connection");
        }
        return line;
    }

    /** Reads up to and including the first line that starts with {@code prefix}; returns it. */
    String readUntil(String prefix) throws IOException {
        String line;
        do {
            line = read();
        } while (!line.startsWith(prefix));
        return line;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
