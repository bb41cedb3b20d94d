package chatlab.cli;

import chatlab.testkit.Cleanup;
import chatlab.testkit.Ports;
import chatlab.testkit.RawLineClient;
import java.io.IOException;

/** A v2 user on a raw line client (it sees every line the server sends it), in the room before the test goes on. */
final class RawV2User {
    private RawV2User() {}

    /** Says hello as {@code name} (any characters: the name is written as a JSON string) and waits for the welcome. */
    static RawLineClient join(Cleanup cleanup, int octet, int port, String name) throws IOException {
        RawLineClient client = cleanup.add(RawLineClient.connect(Ports.loopback(octet), port));
        client.sendLine("{\"type\":\"hello\",\"version\":2,\"name\":\"" + name.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\",\"client\":\"test\",\"udp_port\":0}");
        client.awaitLineContaining("\"type\":\"welcome\"");
        return client;
    }
}
