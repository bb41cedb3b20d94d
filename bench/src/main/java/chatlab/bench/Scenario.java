package chatlab.bench;

import java.util.Locale;

/** What a bench run does to the server. */
public enum Scenario {
    /** N clients in the room, S of them sending; every message goes to every other client. */
    FANOUT("fanout"),
    /** N clients connect and register at once; the time until every client lists all N, and the presence bytes. */
    JOIN_STORM("join-storm"),
    /** N clients register and stay idle; the server's memory per connection. */
    IDLE("idle"),
    /** A stable room with S open-loop senders while other clients join and leave continuously. */
    CHURN("churn");

    private final String text;

    Scenario(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public static Scenario parse(String text) {
        for (Scenario scenario : values()) {
            if (scenario.text.equals(text.toLowerCase(Locale.ROOT))) {
                return scenario;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + text + "'; use fanout, join-storm, idle or churn");
    }
}
