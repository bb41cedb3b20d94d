package chatlab.check.client;

import chatlab.check.engine.Played;
import chatlab.check.engine.RunContext;
import java.util.List;

/** {@code chatlab check client}: written next. */
public final class ClientCheck {
    private ClientCheck() {}

    public static Played run(RunContext run, long deadline) {
        return new Played(List.of(), List.of());
    }
}
