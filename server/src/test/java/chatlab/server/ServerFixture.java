package chatlab.server;

import chatlab.protocol.Limits;
import chatlab.testkit.RawLabClient;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/** A server on an ephemeral loopback port, with its events recorded. */
final class ServerFixture implements AutoCloseable {
    final RecordingServerEvents events = new RecordingServerEvents();
    final ChatServer server;

    ServerFixture(Limits limits) throws IOException {
        this(limits, Duration.ZERO);
    }

    ServerFixture(Limits limits, Duration presenceBatch) throws IOException {
        this(config(limits, presenceBatch));
    }

    ServerFixture(ServerConfig config) throws IOException {
        server = ChatServer.start(config, events);
    }

    /**
     * A room whose presence budget is 800 bytes per second: its first member's map (padded to 1024 bytes for lab
     * clients) spends it for 1.3 s, and each lab newcomer's own map for 1.3 s more, so a newcomer's first message is
     * held for the next announcement long enough to watch (the tests' next steps are a loopback connect and a write,
     * milliseconds), and a test that waits for three announcements takes about 5 s.
     */
    static ServerFixture withTinyPresenceBudget() throws IOException {
        return new ServerFixture(config(Limits.defaults(), Duration.ZERO).withPresenceBytesPerSecond(800));
    }

    /** On the loopback, an ephemeral port. */
    static ServerConfig config(Limits limits, Duration presenceBatch) {
        return ServerConfig.defaults()
                .withBindAddresses(List.of(InetAddress.getLoopbackAddress()))
                .withPort(0)
                .withLimits(limits)
                .withPresenceBatchWindow(presenceBatch);
    }

    /** A raw client connecting from 127.0.0.{@code octet}. */
    RawLabClient connect(int octet) throws IOException {
        return RawLabClient.connect(chatlab.testkit.Ports.loopback(octet), server.port());
    }

    /** A lab client from 127.0.0.{@code octet} registered as {@code name}: it holds a user map that names it. */
    RawLabClient registered(int octet, String name) throws IOException {
        RawLabClient client = connect(octet);
        client.send(name);
        client.awaitContains("\"" + name + "\": \"127.0.0." + octet + "\"");
        return client;
    }

    @Override
    public void close() {
        server.close();
    }
}
