package chatlab.check;

import chatlab.check.client.ClientCheck;
import chatlab.check.server.ServerCheck;
import java.util.List;

/** Every rule of both checks, in the order they are judged (docs/CHECK.md lists the same). */
public final class Catalogue {
    private Catalogue() {}

    public static List<RuleInfo> rules(Target target) {
        return target == Target.SERVER ? ServerCheck.rules() : ClientCheck.rules();
    }
}
