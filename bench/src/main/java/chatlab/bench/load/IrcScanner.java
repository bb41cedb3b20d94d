package chatlab.bench.load;

import java.nio.charset.StandardCharsets;

/**
 * Reads what an IRC server sends one client (RFC 2812, 2.3.1: {@code [":" prefix SPACE] command [params] CRLF}):
 * {@code PRIVMSG} lines to the channel carry the bench's stamps in their trailing parameter; {@code PING} is
 * answered; {@code 001} (RPL_WELCOME) means registered, {@code 366} (RPL_ENDOFNAMES, sent only to the client whose
 * JOIN it answers) means in the channel; {@code ERROR} and numeric replies 400 to 599 are the server's refusals.
 * Everything else (the MOTD, other clients' JOINs, the NAMES list) is read and dropped. A PRIVMSG is parsed where it
 * lies in the read, without a copy or a String.
 */
public final class IrcScanner implements WireScanner, CrlfFramer.Sink {
    /** RFC 2812, 2.3: 512 bytes with the CRLF; ngIRCd's own limit is the same. Longer lines are reported. */
    public static final int MAX_LINE_BYTES = 510;
    private static final byte[] PRIVMSG = ascii("PRIVMSG");
    private static final byte[] PING = ascii("PING");
    private static final byte[] ERROR = ascii("ERROR");
    private static final byte[] WELCOME = ascii("001");
    private static final byte[] END_OF_NAMES = ascii("366");
    private static final int MAX_ERROR_CHARS = 300;

    private final Inbound inbound;
    private final CrlfFramer framer = new CrlfFramer(MAX_LINE_BYTES, 0, this);
    private final long[] stamp = new long[2];

    public IrcScanner(Inbound inbound) {
        this.inbound = inbound;
    }

    @Override
    public void read(byte[] data, int offset, int length) {
        framer.feed(data, offset, length);
    }

    @Override
    public int line(byte[] data, int from, int to) {
        int i = from;
        if (i < to && data[i] == ':') { // the prefix: who it comes from
            while (i < to && data[i] != ' ') {
                i++;
            }
            i = skipSpaces(data, i, to);
        }
        int command = i;
        while (i < to && data[i] != ' ') {
            i++;
        }
        int commandEnd = i;
        int params = skipSpaces(data, i, to);
        if (is(data, command, commandEnd, PRIVMSG)) {
            int text = trailing(data, params, to);
            if (text >= 0 && Stamp.parse(data, text, to, stamp) && stamp[0] <= Integer.MAX_VALUE) {
                inbound.message((int) stamp[0], stamp[1]);
            } else {
                inbound.serverError("garbled", "a PRIVMSG without a bench stamp: "
                        + CrlfFramer.text(data, from, to, MAX_ERROR_CHARS), false);
            }
        } else if (is(data, command, commandEnd, PING)) {
            int text = trailing(data, params, to);
            inbound.ping(new String(data, text >= 0 ? text : params, to - (text >= 0 ? text : params),
                    StandardCharsets.UTF_8));
        } else if (is(data, command, commandEnd, WELCOME)) {
            inbound.welcomed();
        } else if (is(data, command, commandEnd, END_OF_NAMES)) {
            inbound.subscribed();
        } else if (is(data, command, commandEnd, ERROR)) {
            inbound.serverError("irc ERROR", CrlfFramer.text(data, from, to, MAX_ERROR_CHARS), true);
        } else if (commandEnd - command == 3 && (data[command] == '4' || data[command] == '5')
                && isDigit(data[command + 1]) && isDigit(data[command + 2])) {
            inbound.serverError("irc " + new String(data, command, 3, StandardCharsets.US_ASCII),
                    CrlfFramer.text(data, from, to, MAX_ERROR_CHARS), false);
        }
        return -1;
    }

    @Override
    public void body(byte[] data, int from, int to) {
        throw new AssertionError("IRC has no bodies");
    }

    @Override
    public void malformed(String why) {
        inbound.serverError("garbled", why, false);
    }

    /** Where the trailing parameter's text starts (after {@code " :"}, or a leading ':'), or -1 when there is none. */
    private static int trailing(byte[] data, int params, int to) {
        if (params < to && data[params] == ':') {
            return params + 1;
        }
        for (int i = params; i + 1 < to; i++) {
            if (data[i] == ' ' && data[i + 1] == ':') {
                return i + 2;
            }
        }
        return -1;
    }

    private static int skipSpaces(byte[] data, int i, int to) {
        while (i < to && data[i] == ' ') {
            i++;
        }
        return i;
    }

    /** Commands are case-insensitive (RFC 2812, 2.3.1 names them in letters; servers send upper case). */
    private static boolean is(byte[] data, int from, int to, byte[] word) {
        return to - from == word.length && CrlfFramer.startsWithIgnoringCase(data, from, to, word);
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
