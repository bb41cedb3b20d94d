package chatlab.cli;

import chatlab.auth.AuthConfig;
import chatlab.auth.Authenticator;
import chatlab.auth.UserStore;
import chatlab.auth.Verifier;
import chatlab.server.ChatServer;
import chatlab.server.ServerConfig;
import chatlab.server.ServerEvents;
import chatlab.server.ServerSecurity;
import chatlab.protocol.v2.ClientMessage;
import chatlab.protocol.v2.ClientMessageEncoder;
import chatlab.protocol.v2.ServerMessage;
import chatlab.protocol.v2.ServerMessageDecoder;
import chatlab.testkit.Cleanup;
import chatlab.testkit.RawLineClient;
import com.ongres.scram.client.ScramClient;
import java.nio.charset.StandardCharsets;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;

/** A chat server on 127.0.0.1 with logins against a real user store, for the login tests. */
record AuthServer(UserStore store, ChatServer server) {
    /**
     * @param logins   gets "ok NAME" and "failed NAME: REASON" for each login the server reports
     * @param accounts name, password, name, password, ...
     */
    static AuthServer start(Cleanup cleanup, Path dir, AuthConfig config, int port, List<String> logins,
            String... accounts) throws Exception {
        SecureRandom random = new SecureRandom();
        UserStore store = cleanup.add(UserStore.open(dir.resolve("users.db"), Clock.systemUTC()));
        for (int i = 0; i < accounts.length; i += 2) {
            store.add(accounts[i], Verifier.derive(accounts[i + 1], config.iterations(), random));
        }
        Authenticator authenticator = cleanup.add(new Authenticator(store, config, Clock.systemUTC()));
        ServerEvents events = new ServerEvents() {
            @Override
            public void loggedIn(String name, String address) {
                logins.add("ok " + name);
            }

            @Override
            public void loginFailed(String name, String address, String reason) {
                logins.add("failed " + name + ": " + reason);
            }
        };
        ChatServer server = cleanup.add(ChatServer.start(ServerConfig.defaults()
                .withBindAddresses(List.of(InetAddress.getByName("127.0.0.1"))).withPort(port)
                // The login tests hold many logins from one address at once, past the connection-level limit of 4
                // unregistered connections per address, so that the login limits themselves are what they meet.
                .withConnectionLimits(chatlab.server.ConnectionLimits.defaults().withMaxPendingPerAddress(64))
                .withSecurity(ServerSecurity.none().withAuthenticator(authenticator)), events));
        return new AuthServer(store, server);
    }

    /**
     * A whole SCRAM login with the independent ongres client over a raw socket: returns the server's answer to the
     * proof, the welcome (after checking the server's own proof in it) or an error.
     */
    static String scramLogin(int port, InetAddress from, String user, String password) throws Exception {
        ClientMessageEncoder encoder = new ClientMessageEncoder();
        ServerMessageDecoder decoder = new ServerMessageDecoder();
        try (RawLineClient raw = RawLineClient.connect(from, port)) {
            ScramClient scram = ScramClient.builder().advertisedMechanisms(List.of("SCRAM-SHA-256")).username(user)
                    .password(password.toCharArray()).build();
            raw.send(encoder.encode(new ClientMessage.Hello(2, user, "ongres-scram", 0, List.of(),
                    scram.clientFirstMessage().toString())));
            ServerMessage.Challenge challenge = (ServerMessage.Challenge) decoder.decode(
                    raw.awaitLineContaining("\"challenge\"").getBytes(StandardCharsets.UTF_8));
            scram.serverFirstMessage(challenge.serverFirst());
            raw.send(encoder.encode(new ClientMessage.Proof(scram.clientFinalMessage().toString())));
            String line = raw.awaitLine("a welcome or an error",
                    l -> l.contains("\"type\":\"welcome\"") || l.contains("\"type\":\"error\""));
            if (line.contains("\"type\":\"welcome\"")) {
                ServerMessage.Welcome welcome = (ServerMessage.Welcome) decoder.decode(line.getBytes(StandardCharsets.UTF_8));
                scram.serverFinalMessage(welcome.scramFinal()); // throws unless the server proved itself
            }
            return line;
        }
    }
}
