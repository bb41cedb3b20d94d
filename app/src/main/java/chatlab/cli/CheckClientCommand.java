package chatlab.cli;

import chatlab.check.CheckRequest;
import chatlab.check.Target;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code chatlab check client}: copies of the client under test against chatlab's server and peers. */
@Command(name = "client", mixinStandardHelpOptions = true,
        description = {
            "Runs copies of COMMAND as the lab's chat client on client1 and client2, typing into them as a user "
                    + "would (the name first, a password when one is asked for), against chatlab's own server at "
                    + "chat.ttm4200.com and chatlab's lab-wire peers: joins, #ls, chatroom messages both ways, "
                    + "direct messages over UDP both ways, non-ASCII text, two copies talking, and the server going "
                    + "away. What the client prints is compared with what the lab's client prints.",
            "Example: chatlab check client --report report-alice -- python3 submissions/alice/chatclient.py",
        })
final class CheckClientCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CheckOptions options;

    @Option(names = "--copies", paramLabel = "N", defaultValue = "2",
            description = "How many copies of the client run side by side, 1 to 3; two are needed for the copies "
                    + "scenario (default: ${DEFAULT-VALUE}).")
    int copies;

    @Option(names = "--password", paramLabel = "TEXT", defaultValue = CheckRequest.DEFAULT_PASSWORD,
            description = "Typed when the client asks for a password (default: ${DEFAULT-VALUE}).")
    String password;

    @Override
    public Integer call() {
        CheckRequest request;
        try {
            request = options.request(spec, Target.CLIENT).withCopies(copies).withPassword(password);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return options.run(spec, request);
    }
}
