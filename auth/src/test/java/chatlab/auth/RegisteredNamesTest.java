package chatlab.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegisteredNamesTest {
    private static final List<String> REGISTERED = List.of("alice", "al", "Bob", "bob", "carol\u200d", "\uD83D\uDE00smile",
            "zoë", "a", "x:y");

    private static final List<String> CANDIDATES = List.of("alice", "alicecorrect horse battery", "al", "ali", "a", "",
            "ALICE", "Alice\u200d", "a\u0301lice", "\uff41lice", "\u0430lice", "bob", "BOB", "bobby", "Bobby", "carol",
            "carol\u200dx", "\uD83D\uDE00", "\uD83D\uDE00smile", "\uD83D\uDE00smiles", "zoe", "ZOË", "zoë!", "x:y",
            "x:yz", "X:Y", "nobody", "b");

    @Test
    void answersLikeAWalkOverEveryNameForExactPrefixAndLookAlikeQuestions() {
        RegisteredNames index = RegisteredNames.of(REGISTERED);
        for (String candidate : CANDIDATES) {
            assertThat(index.contains(candidate)).as("contains %s", candidate).isEqualTo(REGISTERED.contains(candidate));
            assertThat(index.hasProperPrefixOf(candidate)).as("prefix of %s", candidate)
                    .isEqualTo(walkForProperPrefix(REGISTERED, candidate));
            assertThat(index.hasLookAlikeOf(candidate)).as("look-alike of %s", candidate)
                    .isEqualTo(walkForLookAlike(REGISTERED, candidate));
        }
    }

    @Test
    void theCasesThatMatterReadAsExpected() {
        RegisteredNames index = RegisteredNames.of(List.of("alice"));
        assertThat(index.hasProperPrefixOf("alicecorrect horse battery")).isTrue();
        assertThat(index.hasProperPrefixOf("alice")).as("the name alone is not a name with more").isFalse();
        assertThat(index.hasProperPrefixOf("alic")).isFalse();
        for (String lookAlike : List.of("ALICE", "Alice\u200d", "a\u0301lice", "\uff41lice")) {
            assertThat(index.hasLookAlikeOf(lookAlike)).as(lookAlike).isTrue();
        }
        assertThat(index.hasLookAlikeOf("alice")).as("the name itself").isFalse();
        assertThat(index.hasLookAlikeOf("\u0430lice")).as("Cyrillic a").isTrue();
        assertThat(index.hasLookAlikeOf("a1ice")).as("digit one for l").isTrue();
    }

    @Test
    void twoRegisteredLookAlikesEachResembleTheOther() {
        RegisteredNames index = RegisteredNames.of(List.of("alice", "Alice"));
        assertThat(index.hasLookAlikeOf("alice")).isTrue();
        assertThat(index.hasLookAlikeOf("Alice")).isTrue();
    }

    @Test
    void anEmptyStoreAndAnUnreadableOneKnowNoNames() {
        RegisteredNames empty = RegisteredNames.of(List.of());
        assertThat(empty.readable()).isTrue();
        assertThat(empty.contains("alice") || empty.hasProperPrefixOf("alice") || empty.hasLookAlikeOf("alice")).isFalse();
        RegisteredNames unreadable = RegisteredNames.unreadable();
        assertThat(unreadable.readable()).isFalse();
        assertThat(unreadable.size()).isZero();
    }

    @Test
    void aThousandNamesAgreeWithTheWalkToo() {
        List<String> registered = new ArrayList<>();
        List<String> candidates = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            registered.add("user" + i);
            candidates.add("USER" + i);
            candidates.add("user" + i + "x");
            candidates.add("user" + (i + 500));
        }
        RegisteredNames index = RegisteredNames.of(registered);
        for (String candidate : candidates) {
            assertThat(index.hasProperPrefixOf(candidate)).as(candidate).isEqualTo(walkForProperPrefix(registered, candidate));
            assertThat(index.hasLookAlikeOf(candidate)).as(candidate).isEqualTo(walkForLookAlike(registered, candidate));
        }
    }

    /** What Authenticator did before the index: every registered name, at every registration. */
    private static boolean walkForProperPrefix(List<String> registered, String first) {
        for (String name : registered) {
            if (first.length() > name.length() && first.startsWith(name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean walkForLookAlike(List<String> registered, String name) {
        String skeleton = chatlab.protocol.NameSkeleton.of(name);
        for (String other : registered) {
            if (!other.equals(name) && chatlab.protocol.NameSkeleton.of(other).equals(skeleton)) {
                return true;
            }
        }
        return false;
    }
}
