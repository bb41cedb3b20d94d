package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.cluster.ClusterConfig;
import chatlab.server.ChatServer;
import chatlab.server.ServerConfig;
import chatlab.server.ServerEvents;
import chatlab.testkit.Await;
import chatlab.testkit.Cleanup;
import chatlab.testkit.NatsBroker;
import chatlab.testkit.Ports;
import chatlab.testkit.RawLineClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A cluster's server-level test: a real nats-server on the loopback (its store in the test's folder), servers of the
 * cluster in this JVM and raw v2 clients on them, all closed after the test.
 */
abstract class ClusterBrokerTest {
    @TempDir
    Path dir;

    final Cleanup cleanup = new Cleanup();

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    /** Runs {@code chatlab} with these arguments, asserts its exit status, and returns what it wrote to stderr. */
    static String run(int status, String... args) {
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.newCommandLine();
        cmd.setOut(new PrintWriter(new StringWriter(), true));
        cmd.setErr(new PrintWriter(err, true));
        assertThat(cmd.execute(args)).as(err.toString()).isEqualTo(status);
        return err.toString();
    }

    /** This test's broker, started. */
    NatsBroker broker() throws Exception {
        return cleanup.add(NatsBroker.start(dir));
    }

    /** A server on a free port of 127.0.0.1 joining the cluster of {@code config}; returns its port. */
    int server(ClusterConfig config) throws Exception {
        return server(config, UnaryOperator.identity());
    }

    /** {@link #server(ClusterConfig)}, its server configuration changed by {@code more} (e.g. history on). */
    int server(ClusterConfig config, UnaryOperator<ServerConfig> more) throws Exception {
        int port = Ports.freeForTcpAndUdp();
        cleanup.add(ChatServer.start(more.apply(ServerConfig.defaults().withBindAddresses(List.of(InetAddress.getByName(
                "127.0.0.1"))).withPort(port).withLabUdpPort(port)), ServerEvents.NONE, NatsCluster.connect(config)));
        return port;
    }

    /** A raw v2 client from 127.0.0.{octet}, registered as {@code name} (its welcome read). */
    RawLineClient v2(int port, int octet, String name) throws Exception {
        return v2(port, octet, name, "");
    }

    /**
     * @param more JSON fields added to the hello, e.g. {@code ,"features":["rooms"],"rooms":[{"room":"#dev"}]}
     */
    RawLineClient v2(int port, int octet, String name, String more) throws Exception {
        RawLineClient client = cleanup.add(RawLineClient.connect(Ports.loopback(octet), port));
        client.sendLine(hello(name, more));
        client.awaitLineContaining("\"type\":\"welcome\"");
        return client;
    }

    static String hello(String name, String more) {
        return "{\"type\":\"hello\",\"version\":2,\"name\":\"" + name + "\",\"client\":\"test\",\"udp_port\":0" + more
                + "}";
    }

    /** Waits until the client has been told of a user of that name (in a presence, room or welcome). */
    static void awaitKnows(RawLineClient client, String name) {
        Await.until(name + " announced", () -> client.lines().stream()
                .anyMatch(line -> line.contains("\"name\":\"" + name + "\"")));
    }
}
