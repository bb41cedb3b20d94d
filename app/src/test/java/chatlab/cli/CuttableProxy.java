package chatlab.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder on the loopback that can play a cut network: while cut, whatever either side sends is swallowed
 * (no reset, no close: the peers hear nothing, as when a cable is pulled or a phone loses its signal), and new
 * connections are accepted and then ignored. Once restored, new connections are forwarded again; the connections
 * of before the cut stay dead, as after a NAT forgot them.
 */
final class CuttableProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    /** Bumped by each cut: a connection forwards only while its generation is current and nothing is cut. */
    private volatile int generation;
    private volatile boolean cut;

    CuttableProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread acceptor = new Thread(this::acceptLoop, "cuttable-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    void cut() {
        cut = true;
        generation++;
    }

    void restore() {
        cut = false;
    }

    private void acceptLoop() {
        try {
            while (true) {
                Socket client = listener.accept();
                sockets.add(client);
                if (cut) {
                    continue; // accepted, never answered
                }
                Socket server = new Socket();
                server.connect(target, 10_000);
                sockets.add(server);
                int mine = generation;
                pump(client, server, mine);
                pump(server, client, mine);
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void pump(Socket from, Socket to, int mine) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (!cut && generation == mine) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                }
                if (!cut && generation == mine) {
                    to.shutdownOutput();
                }
            } catch (IOException e) {
                // one side went away
            }
        }, "cuttable-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
