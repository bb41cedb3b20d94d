package chatlab.testbed;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Counts, for one client of the cluster scenario, the room messages it should have seen: delivered, lost and doubled.
 * A message is found in a client's output by its sender and text ({@code alice: msg-alice-3.}), which both wires'
 * clients print (v2: {@code 12:00:01 alice: msg-alice-3.}, the lab's: {@code incoming msg from chatserver (alice:
 * msg-alice-3. )}); every text is unique in a run. A sender's own v2 line ends with a check mark once its server
 * acknowledged it (the broker stored it).
 */
final class ClusterTally {
    /** What the chatlab client appends to a line of its own once the server acknowledged it. */
    static final String ACK_MARK = "\u2713";

    /**
     * A room message the scenario typed.
     *
     * @param sender  who typed it
     * @param text    what, unique in the run
     * @param atNanos when, from the start of the run
     */
    record Message(String sender, String text, long atNanos) {
        String seenAs() {
            return sender + ": " + text;
        }
    }

    /**
     * Losses and doubles that are expected at one client, with the reason the summary gives.
     *
     * @param lossesFromNanos messages typed from then on may be lost there
     * @param doubles         whether a message may also arrive twice there
     * @param reason          why, in a few words
     */
    record Excuse(long lossesFromNanos, boolean doubles, String reason) {}

    /** One client's count. Lost and doubled include the expected ones; {@code unexpected*} do not. */
    record Count(int expected, int delivered, int lost, int doubled, List<String> unexpectedLost,
            List<String> unexpectedDoubled, int acknowledged, int said) {}

    private ClusterTally() {}

    /**
     * @param name     the client
     * @param output   every line it printed
     * @param messages every message of the run, in order
     * @param excuse   what is expected to go wrong there, if anything
     */
    static Count count(String name, List<String> output, List<Message> messages, Optional<Excuse> excuse) {
        int expected = 0;
        int delivered = 0;
        int lost = 0;
        int doubled = 0;
        int acknowledged = 0;
        int said = 0;
        List<String> unexpectedLost = new ArrayList<>();
        List<String> unexpectedDoubled = new ArrayList<>();
        for (Message m : messages) {
            if (m.sender().equals(name)) {
                said++;
                if (output.stream().anyMatch(l -> l.contains(m.seenAs()) && l.contains(ACK_MARK))) {
                    acknowledged++;
                }
                continue;
            }
            expected++;
            long seen = output.stream().filter(l -> l.contains(m.seenAs())).count();
            if (seen == 0) {
                lost++;
                if (excuse.isEmpty() || m.atNanos() < excuse.get().lossesFromNanos()) {
                    unexpectedLost.add(m.seenAs());
                }
            } else {
                delivered++;
                if (seen > 1) {
                    doubled++;
                    if (excuse.isEmpty() || !excuse.get().doubles()) {
                        unexpectedDoubled.add(m.seenAs());
                    }
                }
            }
        }
        return new Count(expected, delivered, lost, doubled, List.copyOf(unexpectedLost), List.copyOf(unexpectedDoubled),
                acknowledged, said);
    }
}
