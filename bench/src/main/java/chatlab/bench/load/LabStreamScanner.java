package chatlab.bench.load;

import chatlab.protocol.lab.LabFormat;
import java.nio.charset.StandardCharsets;

/**
 * Reads what a lab server sends one client, one read at a time, as the lab's Python client would get it from
 * {@code recv}: relays {@code NAME: ~S,Q,xxx~ }, user maps {@code !{...}} and notices {@code server: ...}, with
 * no framing. It finds every bench message however the reads cut the stream, and counts
 *
 * <ul>
 *   <li><b>merged</b>: messages the server relayed inside another one's relay (two sends read as one message and
 *       relayed as one {@code NAME: TEXT }, as the lab's Python server does when a client sends faster than its
 *       {@code recv(1024)}): a message that starts right where the previous one ended, without its own prefix;</li>
 *   <li><b>shared read</b>: messages that arrived in one read with another message (the lab client would have
 *       printed them as one line; a message already counted is not counted again for a later read);</li>
 *   <li><b>split</b>: messages cut across reads (the lab client would have printed two partial lines).</li>
 * </ul>
 *
 * Not thread-safe: one per connection, fed on its event loop.
 */
public final class LabStreamScanner implements WireScanner {
    private static final byte[] NOTICE_PREFIX = (LabFormat.SERVER_NAME + ": ").getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_NOTICE_CHARS = 300;

    private enum State { TEXT, BANG, MAP, SENDER, SEQ, PAD, NOTICE }

    private final Inbound inbound;
    private final LabRoster roster = new LabRoster();
    private State state = State.TEXT;
    private long sender;
    private long seq;
    private int digits;
    private boolean currentMerged;
    private boolean currentSplit;
    private final StringBuilder notice = new StringBuilder();
    private long sharedRead;
    private long merged;
    private long split;
    /** The last byte read ended a bench message: a message starting right here was merged into its relay. */
    private boolean justEnded;
    private long garbled;

    public LabStreamScanner(Inbound inbound) {
        this.inbound = inbound;
    }

    /** One read's bytes. */
    @Override
    public void read(byte[] data, int offset, int length) {
        int end = offset + length;
        boolean carried = inMessage();
        int touched = carried ? 1 : 0;
        boolean carriedMerged = carried && currentMerged;
        int i = offset;
        while (i < end) {
            byte b = data[i];
            switch (state) {
                case TEXT -> {
                    if (b == Stamp.OPEN) {
                        if (justEnded) {
                            merged++;
                        }
                        startMessage();
                        touched++;
                        i++;
                    } else if (b == LabFormat.USER_MAP_MARKER) {
                        state = State.BANG;
                        i++;
                    } else if (b == NOTICE_PREFIX[0] && startsWith(data, i, end, NOTICE_PREFIX)) {
                        state = State.NOTICE;
                        notice.setLength(0);
                        i += NOTICE_PREFIX.length;
                    } else {
                        justEnded = false;
                        i++; // a relay's "NAME: " or trailing space
                    }
                }
                case BANG -> {
                    if (b == '{') {
                        roster.begin();
                        inbound.presenceBytes(1); // the '!'
                        state = State.MAP;
                    } else {
                        state = State.TEXT;
                    }
                }
                case MAP -> {
                    int taken;
                    try {
                        taken = roster.feed(data, i, end);
                    } catch (IllegalStateException e) {
                        inbound.serverError("garbled", e.getMessage(), false);
                        state = State.TEXT;
                        continue;
                    }
                    inbound.presenceBytes(taken);
                    i += taken;
                    if (!roster.inMap()) {
                        state = State.TEXT;
                        inbound.roster(roster.users(), roster.namesHash());
                    }
                }
                case SENDER, SEQ -> {
                    if (b >= '0' && b <= '9' && digits < 18) {
                        if (state == State.SENDER) {
                            sender = sender * 10 + (b - '0');
                        } else {
                            seq = seq * 10 + (b - '0');
                        }
                        digits++;
                        i++;
                    } else if (b == Stamp.SEPARATOR && digits > 0) {
                        state = state == State.SENDER ? State.SEQ : State.PAD;
                        digits = 0;
                        i++;
                    } else if (b == Stamp.CLOSE && state == State.SEQ && digits > 0) {
                        endMessage();
                        i++;
                    } else {
                        garbled++;
                        state = State.TEXT; // not a bench message after all; read on from here
                    }
                }
                case PAD -> {
                    int close = i;
                    while (close < end && data[close] != Stamp.CLOSE) {
                        close++;
                    }
                    i = close;
                    if (close < end) {
                        endMessage();
                        i++;
                    }
                }
                case NOTICE -> {
                    if (b == Stamp.OPEN || b == LabFormat.USER_MAP_MARKER) {
                        finishNotice();
                    } else {
                        if (notice.length() < MAX_NOTICE_CHARS) {
                            notice.append((char) (b & 0xff));
                        }
                        i++;
                    }
                }
            }
        }
        if (state == State.NOTICE) {
            finishNotice();
        }
        if (inMessage() && !currentSplit) {
            currentSplit = true;
            split++;
        }
        if (touched >= 2) {
            sharedRead += touched - (carriedMerged ? 1 : 0);
            if (inMessage()) {
                currentMerged = true;
            }
        }
    }

    /** Messages relayed inside another message's relay. */
    @Override
    public long merged() {
        return merged;
    }

    /** Messages that shared a read with another message. */
    @Override
    public long sharedRead() {
        return sharedRead;
    }

    /** Messages cut across reads. */
    @Override
    public long split() {
        return split;
    }

    /** Tildes that did not start a well-formed bench message. */
    public long garbled() {
        return garbled;
    }

    /** Entries of the last complete user map, or -1 before the first. */
    public int users() {
        return roster.users();
    }

    private boolean inMessage() {
        return state == State.SENDER || state == State.SEQ || state == State.PAD;
    }

    private void startMessage() {
        state = State.SENDER;
        sender = 0;
        seq = 0;
        digits = 0;
        currentMerged = false;
        currentSplit = false;
        justEnded = false;
    }

    private void endMessage() {
        state = State.TEXT;
        justEnded = true;
        if (sender > Integer.MAX_VALUE) {
            garbled++;
            return;
        }
        inbound.message((int) sender, seq);
    }

    private void finishNotice() {
        state = State.TEXT;
        String text = notice.toString().strip();
        inbound.serverError("notice", text, false); // a notice that ends the connection is followed by the close
    }

    private static boolean startsWith(byte[] data, int from, int end, byte[] prefix) {
        if (end - from < prefix.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (data[from + k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }
}
