package chatlab.check.server;

import chatlab.check.Evidence;
import chatlab.check.Rule;
import chatlab.check.RuleBase;
import chatlab.check.RuleInfo;
import chatlab.check.Verdict;
import chatlab.check.engine.ScenarioBase;
import chatlab.check.proc.Poll;
import chatlab.check.wire.LabPeer;
import chatlab.check.wire.Show;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Clients that misbehave, and then the question whether the server still serves: it is alive, a newcomer is
 * registered, and a message reaches the newcomer. Two kinds: garbage (bytes that are not UTF-8 as a name and as a
 * message, and a burst of binary), and empty reads (a client that connects and closes without a name, and one that
 * registers and then half-closes its side).
 */
final class RobustnessScenario extends ScenarioBase<ServerSession, RobustnessScenario.Seen> {
    /** The most time the server gets to deal with what it was sent before the check looks whether it still serves. */
    static final Duration SETTLE = Duration.ofMillis(2000);
    /** The binary burst: fixed bytes (a seeded generator), so every run sends the same. */
    static final int BURST_BYTES = 8 * 1024;
    static final long BURST_SEED = 4200;
    static final String PROBE_TEXT = "is anybody still serving?";

    enum Kind { GARBAGE, EMPTY_READ }

    /** One thing done to the server, in words, and how the connection that did it ended (or ""). */
    record Deed(String what, String ended) {}

    record Seen(Kind kind, List<Deed> deeds, boolean aliveAfterDeeds, boolean newcomerListed, boolean newcomerGotText,
            boolean aliveAtEnd, String newcomer) {}

    private final Kind kind;

    private RobustnessScenario(Kind kind) {
        super(kind == Kind.GARBAGE ? "garbage" : "empty-read", kind == Kind.GARBAGE
                ? "gil is in the room; bytes that are not UTF-8 come as a name, as a message, and as an 8 KiB burst; "
                        + "then gary joins and gil sends a message"
                : "ed is in the room; a client connects and closes without a name, another registers and half-closes; "
                        + "then emma joins and ed sends a message");
        this.kind = kind;
    }

    static RobustnessScenario garbage() {
        return new RobustnessScenario(Kind.GARBAGE);
    }

    static RobustnessScenario emptyRead() {
        return new RobustnessScenario(Kind.EMPTY_READ);
    }

    @Override
    public List<Rule<Seen>> rules() {
        return List.of(new StillServes(kind == Kind.GARBAGE ? StillServes.GARBAGE : StillServes.EMPTY_READ));
    }

    @Override
    public Seen play(ServerSession session) throws Exception {
        String observerName = kind == Kind.GARBAGE ? "gil" : "ed";
        LabPeer observer = session.join(observerName);
        List<Step> steps = new ArrayList<>();
        try {
            if (kind == Kind.GARBAGE) {
                garbage(session, steps);
            } else {
                emptyReads(session, steps);
            }
        } catch (IOException e) {
            // The server went down halfway: what happens next says so.
            steps.add(new Step("the next client could not connect or register: " + e.getMessage(), null));
        }
        // One event at a time, as for people: the newcomer comes once the server has said the misbehaving clients
        // are gone (its map to the observer lists the observer alone), or after a moment when it never says so.
        Poll.until(SETTLE, () -> observer.lastMap().map(m -> m.users().keySet().equals(Set.of(observerName)))
                .orElse(false) || !session.serverAlive());
        boolean aliveAfter = session.serverAlive();
        String newcomerName = kind == Kind.GARBAGE ? "gary" : "emma";
        boolean listed = false;
        boolean got = false;
        try {
            LabPeer newcomer = session.join(newcomerName);
            listed = newcomer.lastMap().map(m -> m.users().containsKey(newcomerName)).orElse(false);
            int mark = newcomer.mark();
            if (observer.open()) {
                observer.send(PROBE_TEXT);
            }
            got = session.awaitText(newcomer, mark, PROBE_TEXT);
        } catch (IOException e) {
            steps.add(new Step(newcomerName + " could not connect: " + e.getMessage(), null));
        }
        List<Deed> done = new ArrayList<>();
        for (Step step : steps) {
            done.add(new Deed(step.what(), step.peer() == null ? "" : step.peer().open() ? "; its connection stayed open"
                    : "; its connection was " + step.peer().ended()));
        }
        return new Seen(kind, done, aliveAfter, listed, got, session.serverAlive(), newcomerName);
    }

    /** One thing done to the server, and the client that did it (none when it could not even connect). */
    private record Step(String what, LabPeer peer) {}

    private static void garbage(ServerSession session, List<Step> steps)
            throws IOException, InterruptedException {
        LabPeer badName = session.connect("(a name that is not UTF-8)");
        byte[] name = {(byte) 0xff, (byte) 0xfe, (byte) 0xfd, 0x00, (byte) 0xc3, 0x28};
        steps.add(new Step("a client sent " + Show.bytes(name) + " as its name", badName));
        badName.send(name);
        LabPeer gus = session.join("gus");
        byte[] message = {(byte) 0xff, (byte) 0xfe, 0x00, 0x01, 0x1b, '[', '2', 'J', (byte) 0xc0, (byte) 0xaf};
        steps.add(new Step("gus registered and sent " + Show.bytes(message), gus));
        gus.send(message);
        LabPeer gwen = session.join("gwen");
        byte[] burst = new byte[BURST_BYTES];
        new Random(BURST_SEED).nextBytes(burst);
        steps.add(new Step("gwen registered and sent " + BURST_BYTES + " random bytes in one write", gwen));
        gwen.send(burst);
    }

    private static void emptyReads(ServerSession session, List<Step> steps)
            throws IOException, InterruptedException {
        LabPeer silent = session.connect("(no name)");
        steps.add(new Step("a client connected and closed without sending anything: an empty read where the name "
                + "should be", silent));
        silent.close();
        LabPeer eli = session.join("eli");
        steps.add(new Step("eli registered, then closed its sending side (an empty read; eli still listens)", eli));
        eli.shutdownOutput();
    }

    /** S-GARBAGE and S-EMPTY-READ. */
    static final class StillServes extends RuleBase<Seen> {
        static final RuleInfo GARBAGE = RuleInfo.required("S-GARBAGE",
                "Bytes that are not UTF-8, as a name or as a message, do not bring the server down: it still "
                        + "registers newcomers and relays.",
                "try: ... name= name.decode(\"utf-8\") ... except: # close the client_socket if an error occurs / "
                        + "client_socket.close()",
                "Milestone 1 skeleton, accept_incoming_connections and handle_client");
        static final RuleInfo EMPTY_READ = RuleInfo.required("S-EMPTY-READ",
                "An empty read (a client that closes before or after its name) does not bring the server down: it "
                        + "still registers newcomers and relays.",
                "# len(msg) == 0 when exiting wiht KeyboardInterrupt (ctrl+c) / if len(msq) == 0: "
                        + "client_socket.close() ... sys.exit()",
                "Milestone 1 skeleton, handle_client");

        StillServes(RuleInfo info) {
            super(info);
        }

        @Override
        public Verdict judge(Seen seen) {
            List<Evidence> evidence = new ArrayList<>();
            for (Deed d : seen.deeds()) {
                evidence.add(Evidence.of(d.what() + d.ended()));
            }
            boolean serves = seen.aliveAfterDeeds() && seen.aliveAtEnd() && seen.newcomerListed()
                    && seen.newcomerGotText();
            if (serves) {
                return Verdict.pass("the server lived on: " + seen.newcomer() + " was registered and received a "
                        + "message", evidence);
            }
            List<String> wrong = new ArrayList<>();
            if (!seen.aliveAfterDeeds()) {
                wrong.add("the server process exited");
            } else if (!seen.aliveAtEnd()) {
                wrong.add("the server process exited a little later");
            }
            if (!seen.newcomerListed()) {
                wrong.add(seen.newcomer() + " (a newcomer after that) got no map listing it");
            }
            if (!seen.newcomerGotText()) {
                wrong.add(seen.newcomer() + " did not receive the message sent after that");
            }
            return Verdict.fail("the server lives on: it registers a newcomer and relays to it",
                    String.join("; ", wrong), evidence);
        }
    }
}
