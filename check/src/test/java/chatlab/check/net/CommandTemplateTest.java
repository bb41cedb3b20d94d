package chatlab.check.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommandTemplateTest {
    @Test
    void placeholdersAreReplacedAndOtherBracesKept() {
        CommandTemplate t = new CommandTemplate(List.of("prog", "--bind={host}", "{port}", "{client_ip}", "{x}"));
        assertThat(t.expand(CommandTemplate.values("127.0.0.1", "chat", 4000, 4000, "127.0.0.11", "alice")))
                .containsExactly("prog", "--bind=127.0.0.1", "4000", "127.0.0.11", "{x}");
        assertThat(t.uses("name")).isFalse();
        assertThat(t.uses("port")).isTrue();
    }

    @Test
    void theCommandIsShownQuotedWhereAShellWouldNeedIt() {
        assertThat(CommandTemplate.show(List.of("python3", "my server.py", "it's"))).isEqualTo(
                "python3 'my server.py' 'it'\\''s'");
    }

    @Test
    void inTheLabsNetworkAProgramRunsInItsHostsNamespaceWithItsHostName() {
        LabSlot webserver = new LabSlot("webserver", "10.20.30.3", Optional.of("chkx-webserver"));
        Placement p = Placement.namespaces(webserver, "chat.ttm4200.com", 5000, "10.20.30.", List.of());
        List<String> wrapped = p.wrap(webserver, List.of("python3", "s.py"));
        assertThat(wrapped.subList(0, 10)).containsExactly("setsid", "ip", "netns", "exec", "chkx-webserver",
                "unshare", "--uts", "sh", "-c", "hostname \"$0\" && exec \"$@\"");
        assertThat(wrapped).endsWith("python3", "s.py");
        assertThat(p.environment(webserver, 5000)).doesNotContainKey("CHAT_PORT").containsKey("PYTHONUNBUFFERED");
        assertThat(p.peerAddresses()).hasSize(Placement.PEER_COUNT);
        assertThat(p.peerAddresses().get(0).getHostAddress()).isEqualTo("10.20.30.21");
    }

    @Test
    void onTheLoopbackAProgramIsToldItsAddresses() {
        Placement p = Placement.local("127.0.0.1", 0, 0, 2);
        LabSlot second = p.programSlots().get(1);
        assertThat(second.address()).isEqualTo("127.0.0.12");
        assertThat(p.environment(second, 4321)).containsEntry("CHAT_SERVER_IP", "127.0.0.1")
                .containsEntry("CHAT_SERVER", "127.0.0.1").containsEntry("CHAT_CLIENT_IP", "127.0.0.12")
                .containsEntry("CHAT_PORT", "4321");
        assertThat(p.udpPort(4321)).isEqualTo(4321);
        assertThat(p.wrap(second, List.of("prog")).get(0)).isEqualTo("setsid");
    }
}
