package chatlab.bench;

import java.util.Locale;

/** What a bench run does to the server. */
public enum BenchScenario {
    /** N clients in the room, S of them sending; every message goes to every other client. */
    FANOUT("fanout"),
    /** N clients connect and register at once; the time until every client lists all N, and the presence bytes. */
    JOIN_STORM("join-storm"),
    /** N clients register and stay idle; the server's memory per connection. */
    IDLE("idle"),
    /** A stable room with S open-loop senders while other clients join and leave continuously. */
    CHURN("churn"),
    /**
     * N clients with S open-loop senders, plus K clients that stop reading (or read too little): the others' latency
     * and losses against the same schedule with no slow reader, and when each slow reader was cut off.
     */
    SLOW_READER("slow-reader");

    private final String text;

    BenchScenario(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public static BenchScenario parse(String text) {
        for (BenchScenario scenario : values()) {
            if (scenario.text.equals(text.toLowerCase(Locale.ROOT))) {
                return scenario;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + text
                + "'; use fanout, join-storm, idle, churn or slow-reader");
    }
}
