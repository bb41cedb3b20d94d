package chatlab.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UserInputTest {
    @Test
    void directMessagesKeepEverythingAfterTheFirstColonAsTheLabDoes() {
        assertThat(UserInput.parse("@bob: hi")).isEqualTo(new UserInput.Direct("bob", " hi"));
        assertThat(UserInput.parse("@ bob :a:b: c")).isEqualTo(new UserInput.Direct("bob", "a:b: c"));
        assertThat(UserInput.parse("@bob:")).isEqualTo(new UserInput.Direct("bob", ""));
    }

    @Test
    void listsHelpAndQuit() {
        assertThat(UserInput.parse("#ls").kind()).isEqualTo(UserInput.Kind.LIST_USERS);
        assertThat(UserInput.parse("/names").kind()).isEqualTo(UserInput.Kind.LIST_USERS);
        assertThat(UserInput.parse("/help").kind()).isEqualTo(UserInput.Kind.HELP);
        assertThat(UserInput.parse("/quit").kind()).isEqualTo(UserInput.Kind.QUIT);
        assertThat(UserInput.parse("").kind()).isEqualTo(UserInput.Kind.NOTHING);
    }

    @Test
    void mistakesGetAClearProblem() {
        assertThat(UserInput.parse("@bob hi")).isEqualTo(new UserInput.Invalid("a direct message is written @NAME: TEXT"));
        assertThat(UserInput.parse("@: hi")).isEqualTo(new UserInput.Invalid("a direct message needs a name after '@'"));
        assertThat(UserInput.parse("/frobnicate now"))
                .isEqualTo(new UserInput.Invalid("unknown command /frobnicate; type /help for the list"));
    }

    @Test
    void everythingElseGoesToTheChatroomAndDoubleSlashEscapes() {
        assertThat(UserInput.parse("hello #ls @x")).isEqualTo(new UserInput.Chatroom("hello #ls @x"));
        assertThat(UserInput.parse("//shrug")).isEqualTo(new UserInput.Chatroom("/shrug"));
        assertThat(UserInput.parse("#hashtag")).isEqualTo(new UserInput.Chatroom("#hashtag"));
    }
}
