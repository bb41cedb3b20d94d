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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Long messages, each in one write: 1000 and 1024 bytes (the lab's whole RECV_BUFFER), then 3000 bytes and 1200
 * bytes of three-byte characters, which no {@code recv(1024)} reads whole. Relaying a message in several relays
 * ({@code NAME: PART }) is fine; the text must arrive whole, in order.
 */
final class LongScenario extends ScenarioBase<ServerSession, LongScenario.Seen> {
    static final String SENDER = "lena";
    /** Sizes up to the lab's buffer: required to arrive. */
    static final int[] NEAR = {1000, 1024};
    /** Over the lab's buffer: advice. */
    static final int OVER_ASCII = 3000;
    /** The euro sign is three bytes in UTF-8: byte 1024 falls inside one. */
    static final int OVER_EURO_CHARS = 400;

    /** One message: what was sent, what lars got of it, whether lena was still connected after. */
    record Message(int bytes, String text, String joined, int relays, String received, boolean senderOpen) {
        boolean whole() {
            return joined.equals(text);
        }
    }

    record Seen(List<Message> near, List<Message> over, boolean serverAlive) {}

    LongScenario() {
        super("long", "lena sends lars messages of 1000, 1024, 3000 bytes and 400 euro signs (1200 bytes)");
    }

    @Override
    public List<Rule<Seen>> rules() {
        return List.of(new Near(), new Over());
    }

    @Override
    public Seen play(ServerSession session) throws Exception {
        LabPeer lena = session.join(SENDER);
        LabPeer lars = session.join("lars");
        List<Message> near = new ArrayList<>();
        for (int size : NEAR) {
            near.add(send(session, lena, lars, pattern(size)));
        }
        List<Message> over = new ArrayList<>();
        over.add(send(session, lena, lars, pattern(OVER_ASCII)));
        over.add(send(session, lena, lars, "€".repeat(OVER_EURO_CHARS)));
        return new Seen(near, over, session.serverAlive());
    }

    /** {@code 0123456789abc...} repeated to {@code bytes} ASCII bytes: no spaces, and a cut shows where. */
    static String pattern(int bytes) {
        String alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
        StringBuilder text = new StringBuilder(bytes);
        for (int i = 0; i < bytes; i++) {
            text.append(alphabet.charAt(i % alphabet.length()));
        }
        return text.toString();
    }

    private static Message send(ServerSession session, LabPeer from, LabPeer to, String text) throws Exception {
        int mark = to.mark();
        if (from.open()) {
            from.send(text);
        }
        // Until the whole text is there, or the server closed the sender (then what it relayed before has come too).
        Poll.until(session.step(), () -> Relays.joinedParts(to.textFrom(mark), SENDER).length() >= text.length()
                || !from.open());
        String received = to.textFrom(mark);
        return new Message(text.getBytes(StandardCharsets.UTF_8).length, text, Relays.joinedParts(received, SENDER),
                Relays.partCount(received, SENDER), received, from.open());
    }

    static String describe(Message m) {
        String got = m.joined().isEmpty() ? "nothing of it"
                : m.relays() + " relay(s) whose text joined is " + m.joined().getBytes(StandardCharsets.UTF_8).length
                        + " bytes" + (m.whole() ? "" : firstDifference(m.text(), m.joined()));
        return "a " + m.bytes() + "-byte message: lars received " + got
                + (m.senderOpen() ? "" : "; lena's connection was closed by the server");
    }

    private static String firstDifference(String sent, String got) {
        int i = 0;
        while (i < sent.length() && i < got.length() && sent.charAt(i) == got.charAt(i)) {
            i++;
        }
        return ", which differs from what was sent from character " + i + " on (sent "
                + Show.text(sent.substring(i, Math.min(sent.length(), i + 12))) + ", got "
                + Show.text(got.substring(i, Math.min(got.length(), i + 12))) + ")";
    }

    /** S-LONG-NEAR. */
    static final class Near extends RuleBase<Seen> {
        static final RuleInfo INFO = RuleInfo.required("S-LONG-NEAR",
                    "Messages of up to 1024 bytes (the lab's receive buffer), sent in one write, reach the others whole.",
                    "# buffer size for receiving messages / RECV_BUFFER = 1024",
                    "Milestone 1 skeleton");

        Near() {
            super(INFO);
        }

        @Override
        public Verdict judge(Seen seen) {
            List<Evidence> evidence = new ArrayList<>();
            for (Message m : seen.near()) {
                if (!m.whole()) {
                    evidence.add(Evidence.of(describe(m)));
                }
            }
            if (evidence.isEmpty()) {
                return Verdict.pass("the 1000- and 1024-byte messages arrived whole");
            }
            evidence.add(Evidence.of("  the lab reads with recv(RECV_BUFFER), 1024 bytes: a message that fits is one "
                    + "read and one relay"));
            return Verdict.fail("lars receives each message whole (one relay, or parts that join to it)",
                    evidence.size() - 1 + " of the 2 messages did not arrive whole", evidence);
        }
    }

    /** S-LONG-OVER. */
    static final class Over extends RuleBase<Seen> {
        static final RuleInfo INFO = RuleInfo.advice("S-LONG-OVER",
                    "Messages longer than 1024 bytes (ASCII, and characters cut at byte 1024) still reach the others "
                            + "whole, in order, and the sender stays connected.",
                    "RECV_BUFFER = 1024 / msg = msg.decode(\"utf-8\")",
                    "Milestone 1 skeleton (the lab says nothing of longer messages)");

        Over() {
            super(INFO);
        }

        @Override
        public Verdict judge(Seen seen) {
            List<Evidence> evidence = new ArrayList<>();
            for (Message m : seen.over()) {
                if (!m.whole() || !m.senderOpen()) {
                    evidence.add(Evidence.of(describe(m)));
                }
            }
            if (evidence.isEmpty()) {
                return Verdict.pass("the 3000-byte and the 1200-byte messages arrived whole");
            }
            evidence.add(Evidence.of("  recv(1024) returns the first 1024 bytes: the rest comes in the next reads, "
                    + "and bytes.decode fails when byte 1024 falls inside a character (keep the cut bytes for the "
                    + "next read, or read more)"));
            return Verdict.fail("lars receives each message whole; lena stays in the room",
                    evidence.size() - 1 + " of the 2 long messages did not", evidence);
        }
    }
}
