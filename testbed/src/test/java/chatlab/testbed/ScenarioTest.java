package chatlab.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScenarioTest {
    @Test
    void parsesAbsoluteAndRelativeTimesCommentsAndEveryAction() throws Exception {
        Scenario s = Scenario.parse("t", """
                # a comment
                0     client1  join alice

                1.5   client2  join bob
                +0.25 client1  say @bob: hi  there
                +0    client1  say #ls
                3     client2  leave
                """);
        assertThat(s.steps()).extracting(Scenario.Step::at).containsExactly(Duration.ZERO, Duration.ofMillis(1500),
                Duration.ofMillis(1750), Duration.ofMillis(1750), Duration.ofSeconds(3));
        assertThat(s.steps()).extracting(Scenario.Step::action).containsExactly(new Scenario.Join("alice"),
                new Scenario.Join("bob"), new Scenario.Say("@bob: hi  there"), new Scenario.Say("#ls"), new Scenario.Leave());
        assertThat(s.steps()).extracting(Scenario.Step::line).containsExactly(2, 4, 5, 6, 7);
        assertThat(s.steps().get(2).host()).isEqualTo(LabNetwork.CLIENT1);
        assertThat(s.length()).isEqualTo(Duration.ofSeconds(3));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "0 client1 say hi                          | line 1: nobody has joined on client1 yet",
        "0 client9 join x                          | line 1: 'client9' is not a client host; use client1, client2 or client3",
        "0 webserver join x                        | line 1: 'webserver' is not a client host",
        "soon client1 join x                       | line 1: 'soon' is not a time; write seconds such as 2, 2.5 or +0.5",
        "0 client1 dance                           | line 1: unknown action 'dance'; use join, say or leave",
        "0 client1                                 | line 1: expected TIME HOST ACTION [ARGUMENT]",
        "0 client1 join a:b                        | line 1: 'a:b' is not a usable name",
        "0 client1 join @a                         | line 1: '@a' is not a usable name",
        "0 client1 leave                           | line 1: client1 cannot leave: nobody has joined on it",
        "-1 client1 join a                         | line 1: a time cannot be negative",
        "601 client1 join a                        | line 1: a scenario lasts at most 10 minutes",
    })
    void mistakesNameTheirLine(String text, String message) {
        assertThatThrownBy(() -> Scenario.parse("t", text)).isInstanceOf(TestbedException.class)
                .hasMessageStartingWith("scenario t, " + message);
    }

    @Test
    void timesMustNotGoBackAndHostsHoldOneClientWithUniqueNames() {
        assertThatThrownBy(() -> Scenario.parse("t", "2 client1 join a\n1 client2 join b\n"))
                .hasMessage("scenario t, line 2: the time 1 is before the previous line's");
        assertThatThrownBy(() -> Scenario.parse("t", "0 client1 join a\n1 client1 join b\n"))
                .hasMessageContaining("line 2: a is still on client1; leave first");
        assertThatThrownBy(() -> Scenario.parse("t", "0 client1 join a\n1 client2 join a\n"))
                .hasMessage("scenario t, line 2: the name a is already in the room");
        assertThatThrownBy(() -> Scenario.parse("t", "# only a comment\n"))
                .hasMessage("the scenario t has no actions");
    }

    @Test
    void theBuiltInScenariosParseAndCoverTheLab() throws Exception {
        for (String name : Scenario.BUILT_IN) {
            assertThat(Scenario.load(name).steps()).isNotEmpty();
        }
        Scenario lab = Scenario.load(Scenario.DEFAULT);
        assertThat(lab.steps()).extracting(Scenario.Step::action)
                .contains(new Scenario.Say("#ls"), new Scenario.Leave())
                .anyMatch(a -> a instanceof Scenario.Say say && say.text().startsWith("@"));
        // Someone leaves and comes back under the same name.
        assertThat(lab.steps()).filteredOn(st -> st.action().equals(new Scenario.Join("bob"))).hasSize(2);
    }

    @Test
    void aMissingFileSaysWhichScenariosAreBuiltIn() {
        assertThatThrownBy(() -> Scenario.load("/nonexistent/scenario.txt"))
                .hasMessage("no scenario file /nonexistent/scenario.txt (the built-in scenarios are lab, quick, cluster)");
    }
}
