package chatlab.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A lab server played by a test, one client at a time: reads as the lab's server reads ({@code recv(1024)}, one read
 * a message) and writes each text in one {@code send()}, so a test can script servers that other people wrote
 * (their own prompts, long relays, odd greetings) on a real socket. Listens on 127.0.0.1, any free port.
 */
public final class ScriptedLabServer implements AutoCloseable {
    private static final int TIMEOUT_MILLIS = 60_000;

    private final ServerSocket listener;
    private Socket client;

    private ScriptedLabServer(ServerSocket listener) {
        this.listener = listener;
    }

    public static ScriptedLabServer listen() throws IOException {
        ServerSocket listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        listener.setSoTimeout(TIMEOUT_MILLIS);
        return new ScriptedLabServer(listener);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Waits for the client's connection. */
    public void accept() throws IOException {
        client = listener.accept();
        client.setSoTimeout(TIMEOUT_MILLIS);
        client.setTcpNoDelay(true);
    }

    /** One read of up to 1024 bytes, as text; null when the client closed its side. */
    public String read() throws IOException {
        byte[] buffer = new byte[1024];
        int n = client.getInputStream().read(buffer);
        return n < 0 ? null : new String(buffer, 0, n, StandardCharsets.UTF_8);
    }

    /** {@code text} in one write. */
    public void write(String text) throws IOException {
        OutputStream out = client.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (client != null) {
            client.close();
        }
        listener.close();
    }
}
