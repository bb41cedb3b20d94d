package chatlab.server;

import chatlab.protocol.lab.LabFormat;
import chatlab.protocol.v2.ClientMessageDecoder;
import chatlab.protocol.v2.ClientMessageEncoder;
import chatlab.protocol.v2.ClientMessage;
import chatlab.protocol.v2.ServerMessage;
import chatlab.protocol.v2.ServerMessageEncoder;
import chatlab.protocol.v2.UserInfo;
import chatlab.protocol.v2.Wire;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Runs every codec the room uses once, before the server listens. The first use of the JSON library builds its
 * parsers, serializers and symbol tables, and loads a few hundred classes (about a tenth of a second); without
 * this the first clients pay for it, and after a restart that is everyone reconnecting at once.
 */
final class CodecWarmup {
    private CodecWarmup() {}

    static void run() {
        byte[] hello = new ClientMessageEncoder().encode(
                new ClientMessage.Hello(2, "warmup", "chatlab", 0, List.of("deflate")));
        new ClientMessageDecoder().decode(hello);
        new ClientMessageDecoder().decode(new ClientMessageEncoder().encode(new ClientMessage.Say("1", "text", false)));
        ServerMessageEncoder encoder = new ServerMessageEncoder();
        UserInfo user = new UserInfo("warmup", "127.0.0.1", 0, Wire.V2, Instant.EPOCH);
        encoder.encode(new ServerMessage.Welcome(2, "chatlab", "warmup", "127.0.0.1",
                new ServerMessage.AnnouncedLimits(1, 1, 1, 1, 1, 1, 1), List.of(user)));
        encoder.deflated(encoder.encode(
                new ServerMessage.Presence(List.of(user), List.of(new ServerMessage.Left("x", "left")))));
        encoder.encode(new ServerMessage.Message("warmup", "text", 1, Instant.EPOCH, "1", false, Wire.V2));
        LabFormat.userMapBytes(Map.of("warmup", "127.0.0.1"));
        LabFormat.relayBytes("warmup", "text");
    }
}
