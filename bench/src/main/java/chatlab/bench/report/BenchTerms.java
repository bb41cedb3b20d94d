package chatlab.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the words of the bench's reports mean, each as one line "term: definition": printed under a report for the
 * terms it used, and in {@code chatlab bench --help}. The lines are constants so the help can name them.
 */
public final class BenchTerms {
    public static final String DELIVERIES = "deliveries: one message arriving at one client; a message to a room of "
            + "N clients makes N-1 deliveries.";
    public static final String LOST = "lost: deliveries owed (messages x receivers) that had not arrived when --drain "
            + "ended after the last send.";
    public static final String HALF_OPEN = "half-open retries: connections a server dropped after the TCP handshake "
            + "because its listen backlog was full (the client thought it was connected, but its name was never "
            + "answered nor its bytes acknowledged); the bench notices after a second, connects again (at most 10 "
            + "times) and counts each new attempt. Only on Linux with epoll (it reads TCP_INFO).";
    public static final String MERGED = "merged: lab wire: messages the server relayed inside another message's "
            + "relay, two sends taken as one message, as the lab's framing (one read is one message) takes them; "
            + "what the lab wire can lose.";
    public static final String SHARED_A_READ = "shared a read: lab wire: messages that arrived in one read together "
            + "with another message, though the server relayed them apart (a busy reader, or several relays in one "
            + "segment); the lab's Python client prints such a read as one line.";
    public static final String SPLIT = "split: lab wire: messages cut across reads; the lab's Python client prints "
            + "each part as a line of its own.";
    public static final String SENDS_LATE = "sends late: open loop (--rate): how late the bench wrote each message "
            + "after its scheduled time, the bench's own part of every latency.";
    public static final String FROM_THE_WRITE = "from the write: open loop: latency timed from the bench's write "
            + "instead of the schedule, the server's part and the receiving bench's.";
    public static final String SENDS_SKIPPED = "sends skipped: sends not made because too many of that sender's "
            + "messages were in flight.";

    /** Each line, and the word in a report that shows its term was used. */
    private static final Map<String, Pattern> SHOWN_BY = new LinkedHashMap<>();

    static {
        shownBy(DELIVERIES, "deliveries");
        shownBy(LOST, "lost");
        shownBy(HALF_OPEN, "half-open");
        shownBy(MERGED, "merged");
        shownBy(SHARED_A_READ, "shared a read");
        shownBy(SPLIT, "split");
        shownBy(SENDS_LATE, "sends late");
        shownBy(FROM_THE_WRITE, "from the write");
        shownBy(SENDS_SKIPPED, "sends skipped");
    }

    private BenchTerms() {}

    private static void shownBy(String line, String word) {
        SHOWN_BY.put(line, Pattern.compile("\\b" + Pattern.quote(word) + "\\b"));
    }

    /** Every definition, in the order a report's legend lists them. */
    public static List<String> all() {
        return List.copyOf(SHOWN_BY.keySet());
    }

    /** The definitions of the terms {@code report} uses. */
    public static List<String> usedIn(String report) {
        List<String> used = new ArrayList<>();
        SHOWN_BY.forEach((line, word) -> {
            if (word.matcher(report).find()) {
                used.add(line);
            }
        });
        return used;
    }
}
