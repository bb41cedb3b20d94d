package chatlab.testbed;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What {@code chatlab testbed run} does.
 *
 * @param server      the chat server's implementation, on webserver
 * @param clients     the implementation on client1, client2 and client3, in that order
 * @param scenario    the actions to play
 * @param out         the folder for captures, transcripts, analysis and summary (created if missing)
 * @param lossPercent share of TCP packets dropped on the webserver's link, 0 to 50
 * @param timeLimit   the whole run, scenario and clean-up included, ends by then at the latest
 */
public record RunOptions(Program server, List<Program> clients, Scenario scenario, Path out, int lossPercent,
        Duration timeLimit) {
    public static final int MAX_LOSS_PERCENT = 50;
    /** Besides the scenario itself: starting the programs, waiting for the network, the analysis. */
    public static final Duration DEFAULT_EXTRA_TIME = Duration.ofMinutes(3);

    public RunOptions {
        clients = List.copyOf(clients);
        if (clients.size() != LabNetwork.CLIENTS.size()) {
            throw new IllegalArgumentException("give one program for each of the " + LabNetwork.CLIENTS.size()
                    + " clients (client1, client2, client3), for example chatlab,python,chatlab");
        }
        if (lossPercent < 0 || lossPercent > MAX_LOSS_PERCENT) {
            throw new IllegalArgumentException("the loss must be between 0 and " + MAX_LOSS_PERCENT + " percent, not "
                    + lossPercent);
        }
    }

    /** The program on a client host. */
    public Program client(LabHost host) {
        return clients.get(LabNetwork.CLIENTS.indexOf(host));
    }

    public boolean uses(Program program) {
        return server == program || clients.contains(program);
    }
}
