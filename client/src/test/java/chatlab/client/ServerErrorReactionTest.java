package chatlab.client;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.v2.ErrorCode;
import chatlab.protocol.v2.ServerMessage;
import org.junit.jupiter.api.Test;

class ServerErrorReactionTest {
    private static ServerErrorReaction of(ErrorCode code, String ref, boolean welcomedBefore) {
        return ServerErrorReaction.of(new ServerMessage.Error(code, "the sentence", ref), welcomedBefore);
    }

    @Test
    void aMessageRefusedForNowIsKeptAndSentAgain() {
        assertThat(of(ErrorCode.RATE_LIMITED, "m1", true)).isEqualTo(ServerErrorReaction.PACE);
        assertThat(of(ErrorCode.NOT_STORED, "m1", true)).isEqualTo(ServerErrorReaction.STORE_AGAIN);
    }

    @Test
    void aRefusalThatIsNotFatalLetsTheSessionGoOn() {
        assertThat(ErrorCode.UNKNOWN_USER.fatal()).isFalse();
        assertThat(of(ErrorCode.UNKNOWN_USER, "m2", true)).isEqualTo(ServerErrorReaction.REFUSED);
    }

    @Test
    void aNameTakenIsTriedAgainOnlyWhenComingBack() {
        assertThat(of(ErrorCode.NAME_TAKEN, null, true)).isEqualTo(ServerErrorReaction.NAME_STILL_HELD);
        assertThat(of(ErrorCode.NAME_TAKEN, null, false)).isEqualTo(ServerErrorReaction.END);
    }

    @Test
    void loginsAndGoingAwayHaveTheirOwnReactions() {
        assertThat(of(ErrorCode.AUTH_REQUIRED, null, false)).isEqualTo(ServerErrorReaction.ASK_PASSWORD);
        assertThat(of(ErrorCode.LOGIN_BUSY, null, false)).isEqualTo(ServerErrorReaction.COMES_BACK);
        assertThat(of(ErrorCode.SHUTDOWN, null, true)).isEqualTo(ServerErrorReaction.COMES_BACK);
        assertThat(of(ErrorCode.IDLE_TIMEOUT, null, true)).isEqualTo(ServerErrorReaction.COMES_BACK);
        assertThat(of(ErrorCode.LOGIN_FAILED, null, false)).isEqualTo(ServerErrorReaction.LOGIN_FAILED);
        assertThat(of(ErrorCode.NAME_INVALID, null, false)).isEqualTo(ServerErrorReaction.END);
    }
}
