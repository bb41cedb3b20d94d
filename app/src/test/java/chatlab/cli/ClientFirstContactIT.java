package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.auth.AuthConfig;
import chatlab.auth.AuthMode;
import chatlab.auth.Authenticator;
import chatlab.auth.UserStore;
import chatlab.auth.Verifier;
import chatlab.client.ClientTexts;
import chatlab.server.ChatServer;
import chatlab.server.ServerConfig;
import chatlab.server.ServerEvents;
import chatlab.server.ServerSecurity;
import chatlab.testkit.Cleanup;
import chatlab.testkit.Ports;
import chatlab.testkit.ScriptedProcess;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A newcomer's first attempts with `chatlab client` as a process: the exact words for each mistake. */
class ClientFirstContactIT {
    @TempDir
    Path dir;

    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    /** A server that admits registered users only, with alice's account. */
    private ChatServer registeredOnly(int port) throws Exception {
        AuthConfig config = AuthConfig.defaults(AuthMode.REQUIRED).withIterations(4096)
                .withDelays(Duration.ofMillis(50), Duration.ofMillis(400));
        UserStore store = cleanup.add(UserStore.open(dir.resolve("users.db"), Clock.systemUTC()));
        store.add("alice", Verifier.derive("correct horse battery", config.iterations(), new SecureRandom()));
        Authenticator authenticator = cleanup.add(new Authenticator(store, config, Clock.systemUTC()));
        return cleanup.add(ChatServer.start(ServerConfig.defaults()
                .withBindAddresses(List.of(InetAddress.getByName("127.0.0.1"))).withPort(port)
                .withSecurity(ServerSecurity.none().withAuthenticator(authenticator)), ServerEvents.NONE));
    }

    private ScriptedProcess client(int port, String name, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("client", "--server", "127.0.0.1", "--port",
                Integer.toString(port), "--bind", "127.0.0.155", "--udp-port", "0", "--name", name));
        args.addAll(List.of(more));
        return cleanup.add(ChatlabJar.start(name, args.toArray(String[]::new)));
    }

    @Test
    void aNameWithoutAPasswordOnARegisteredOnlyServerIsToldWhatToDo() throws Exception {
        int port = Ports.freeForTcpAndUdp(Ports.loopback(155));
        registeredOnly(port);
        for (String name : List.of("alice", "nobody")) { // an account and no account read the same
            ScriptedProcess client = client(port, name);
            client.closeInput();
            assertThat(client.awaitExit(Duration.ofSeconds(30))).as(client.describe())
                    .isEqualTo(ClientCommand.EXIT_DISCONNECTED);
            assertThat(client.stdout()).contains(" this server wants a password for " + name + " (it may admit "
                    + "registered users only): if " + name + " is your account, give its password with "
                    + "--password-stdin (a terminal asks for it); otherwise choose another name, or ask the server's "
                    + "operator to create the account with: chatlab users add " + name + "\n")
                    .contains(ClientTexts.passwordNeeded(name));
        }
    }

    @Test
    void aFailedLoginSaysHowAnAccountIsMade() throws Exception {
        int port = Ports.freeForTcpAndUdp(Ports.loopback(155));
        registeredOnly(port);
        for (String name : List.of("alice", "nobody")) {
            ScriptedProcess client = client(port, name, "--password-stdin");
            client.typeLine("not the password");
            client.closeInput();
            assertThat(client.awaitExit(Duration.ofSeconds(30))).as(client.describe())
                    .isEqualTo(ClientCommand.EXIT_DISCONNECTED);
            assertThat(client.stdout()).contains(" the login as " + name + " failed: a wrong password, or no account "
                    + "named " + name + " on this server (its operator adds one with: chatlab users add " + name + ")\n");
        }
    }
}
