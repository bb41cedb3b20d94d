package chatlab.check.server;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.check.Status;
import chatlab.check.Verdict;
import chatlab.check.wire.ServerStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rules judged on what peers could have received, without a program: the verdicts and the words a student reads. */
class RuleVerdictsTest {
    private static PeerView view(String name, String address, String received) {
        byte[] bytes = received.getBytes(StandardCharsets.UTF_8);
        ServerStream stream = ServerStream.parse(bytes);
        return new PeerView(name, address, bytes, stream.items(), null, java.util.Optional.empty(), stream.textFrom(0));
    }

    @Test
    void theSenderGettingItsOwnMessageBackFailsWithWhatItGot() {
        PeerView ann = view("ann", "10.20.30.21", "ann: hello from ann cy: and hello from cy ");
        PeerView ben = view("ben", "10.20.30.22", "ann: hello from ann cy: and hello from cy ");
        PeerView cy = view("cy", "10.20.30.23", "ann: hello from ann ");
        RelayScenario.Seen seen = new RelayScenario.Seen(ann, List.of(ben, cy), true, "10.20.30.3");

        Verdict notToSender = new RelayScenario.NotToSender().judge(seen);
        assertThat(notToSender.status()).isEqualTo(Status.FAIL);
        assertThat(notToSender.evidence().get(0).text()).isEqualTo(
                "ann (10.20.30.21) received \"ann: hello from ann cy: and hello from cy \" (42 bytes)");
        assertThat(notToSender.evidence().get(0).packet()).isPresent();
        assertThat(new RelayScenario.ToOthers().judge(seen).status()).isEqualTo(Status.PASS);
        assertThat(new RelayScenario.LabFormat().judge(seen).status()).isEqualTo(Status.PASS);
    }

    @Test
    void aRelayWithoutTheTrailingSpaceIsOnlyAdvice() {
        PeerView ann = view("ann", "10.20.30.21", "cy: and hello from cy\n");
        PeerView ben = view("ben", "10.20.30.22", "ann: hello from ann\ncy: and hello from cy\n");
        PeerView cy = view("cy", "10.20.30.23", "ann: hello from ann\n");
        RelayScenario.Seen seen = new RelayScenario.Seen(ann, List.of(ben, cy), true, "10.20.30.3");
        assertThat(new RelayScenario.ToOthers().judge(seen).status()).isEqualTo(Status.PASS);
        assertThat(new RelayScenario.NotToSender().judge(seen).status()).isEqualTo(Status.PASS);
        assertThat(new RelayScenario.LabFormat().judge(seen).status()).isEqualTo(Status.FAIL);
    }

    @Test
    void aMapWrittenWithStrOfADictIsExplained() {
        String why = MapWords.difference(Map.of("alice", "10.20.30.21"), java.util.Optional.empty(),
                "!{'alice': '10.20.30.21'}");
        assertThat(why).contains("str() of a Python dict").contains("json.dumps");
    }

    @Test
    void anAddressWithItsPortOrIpv4MappedIsExplained() {
        ServerStream.MapItem withPort = ServerStream.parse("!{\"alice\": [\"10.20.30.21\", 40112]}"
                .getBytes(StandardCharsets.UTF_8)).maps().get(0);
        assertThat(MapWords.difference(Map.of("alice", "10.20.30.21"), java.util.Optional.of(withPort), ""))
                .contains("client_address[0]");
        ServerStream.MapItem mapped = ServerStream.parse("!{\"alice\": \"::ffff:10.20.30.21\"}"
                .getBytes(StandardCharsets.UTF_8)).maps().get(0);
        assertThat(MapWords.difference(Map.of("alice", "10.20.30.21"), java.util.Optional.of(mapped), ""))
                .contains("IPv4-mapped");
    }

    @Test
    void aLeaveIsJudgedOnTheMapTheOthersGetAfterIt() {
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put("lea", "10.20.30.21");
        expected.put("lou", "10.20.30.23");
        PeerView lea = view("lea", "10.20.30.21", "!{\"lea\": \"10.20.30.21\", \"lou\": \"10.20.30.23\"}");
        PeerView lou = view("lou", "10.20.30.23", "");
        DepartureScenario.Seen seen = new DepartureScenario.Seen(DepartureScenario.How.CLOSE, "leo", expected,
                List.of(lea, lou), "10.20.30.3");
        Verdict v = new DepartureScenario.Updates(DepartureScenario.Updates.LEAVE).judge(seen);
        assertThat(v.status()).isEqualTo(Status.FAIL);
        assertThat(v.seen()).isEqualTo("1 of the 2 others did not");
        assertThat(v.evidence().get(0).text()).startsWith("lou (10.20.30.23) did not receive {lea: 10.20.30.21, "
                + "lou: 10.20.30.23}: no map and no text at all");
    }
}
