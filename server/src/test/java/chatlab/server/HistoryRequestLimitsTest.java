package chatlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.v2.ErrorCode;
import chatlab.protocol.v2.ServerMessage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/LIMITS.md, *History*: a page or a search asked for more than 1,000 messages gets 1,000 and is told there are
 * more; a search text of 200 characters is searched and one of 201 is refused with {@code bad_field} and its
 * sentence, and the client stays.
 */
class HistoryRequestLimitsTest {
    @TempDir
    Path dir;

    @Test
    void aPageOrASearchIsCutToAThousandAndASearchTextToTwoHundredCharacters() throws Exception {
        try (ServerFixture fixture = new ServerFixture(V2HistoryTest.config(HistorySettings.in(dir)));
                RoomsClient alice = RoomsClient.hello(fixture.server.port(), 2, "alice", V2HistoryTest.FEATURES,
                        "[{\"room\":\"#dev\"}]")) {
            alice.await("\"type\":\"history\"", "\"count\":0");
            V2HistoryTest.say(alice, "#dev", 1, 1005, "msg");

            alice.send("{\"type\":\"history\",\"room\":\"#dev\",\"count\":5000,\"id\":\"h\"}");
            alice.await("\"type\":\"history\"", "\"id\":\"h\"");
            assertThat(V2HistoryTest.ofType(alice, ServerMessage.HistoryEnd.class)).last()
                    .isEqualTo(new ServerMessage.HistoryEnd("#dev", "h", 1000, true, 6));
            assertThat(V2HistoryTest.got(alice, "#dev")).filteredOn(m -> m.startsWith("h"))
                    .isEqualTo(V2HistoryTest.history(6, 1005, "msg"));

            alice.send("{\"type\":\"search\",\"room\":\"#dev\",\"text\":\"msg\",\"count\":5000,\"id\":\"s\"}");
            alice.await("\"type\":\"search\"", "\"id\":\"s\"");
            assertThat(V2HistoryTest.ofType(alice, ServerMessage.SearchEnd.class))
                    .containsExactly(new ServerMessage.SearchEnd("#dev", "s", "msg", 1000, true, 6));

            String twoHundred = "a".repeat(100) + " " + "b".repeat(99);
            alice.send("{\"type\":\"search\",\"room\":\"#dev\",\"text\":\"" + twoHundred + "\",\"id\":\"s200\"}");
            alice.await("\"type\":\"search\"", "\"id\":\"s200\"");
            alice.send("{\"type\":\"search\",\"room\":\"#dev\",\"text\":\"" + twoHundred + "b\",\"id\":\"s201\"}");
            ServerMessage.Error refused = (ServerMessage.Error) RoomsClient.decode(alice.await("\"ref\":\"s201\""));
            assertThat(refused.code()).isEqualTo(ErrorCode.BAD_FIELD);
            assertThat(refused.message()).isEqualTo("cannot search: a search may be at most 200 characters long");
            assertThat(refused.fatal()).isFalse();
            alice.sync("still here");
        }
    }
}
