package chatlab.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Iterator;

/**
 * Reads and drops what the listeners of {@code chatlab bench history} are sent, all of them on one thread, until
 * closed. A thread per listener woke ten threads for every message on the machine's two cores, and the server's loop
 * and the measuring thread waited for a core behind them (perf sched: 26 waits over a millisecond in 12 s for the
 * server's loop, 17 for the thread that times the acks): the bench measured its own crowd. Ten listeners on ten
 * machines wake nobody on the server's; one thread here is the nearest to that, as the fan-out bench's one event
 * loop is.
 */
final class ListenerDrain implements AutoCloseable {
    private final Selector selector;
    private final Thread thread;
    private volatile boolean closed;

    ListenerDrain() throws IOException {
        this.selector = Selector.open();
        this.thread = new Thread(this::run, "bench-history-listeners");
        thread.setDaemon(true);
    }

    /** Takes over the listener's reading: from now on everything it is sent is read here and dropped. */
    void add(HistoryProbeClient listener) throws IOException {
        SocketChannel channel = listener.channel();
        channel.configureBlocking(false);
        channel.register(selector, SelectionKey.OP_READ);
    }

    void start() {
        thread.start();
    }

    private void run() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        try {
            while (!closed && selector.isOpen()) {
                selector.select(1_000);
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    buffer.clear();
                    try {
                        if (((SocketChannel) key.channel()).read(buffer) < 0) {
                            key.cancel();
                        }
                    } catch (IOException closedByServer) {
                        key.cancel();
                    }
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            // Closed: the measurement is over.
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        selector.close(); // wakes the select; the listeners' sockets are closed by their owners
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
