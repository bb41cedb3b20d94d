package chatlab.history;

import java.nio.file.Path;
import java.time.Instant;

/** Every sentence the log says: what a user is told when a message, a topic, a history page or a search fails. */
public final class HistoryTexts {
    private HistoryTexts() {}

    /** What an append's failure ends with: the sender's message is not in the log (and is not relayed). */
    static final String NOT_STORED = ": message not stored";

    static String full() {
        return "the message log is full (disk full)";
    }

    static String io(String detail) {
        return "the message log cannot write to its disk (" + detail + ")";
    }

    static String readOnly(String detail) {
        return "the message log cannot be written (" + detail + ")";
    }

    static String locked() {
        return "the message log is locked by another program";
    }

    static String damaged(String detail) {
        return "the message log file is damaged (" + detail + ")";
    }

    static String failed(String detail) {
        return "the message log failed (" + detail + ")";
    }

    static String behind(int waiting) {
        return "the message log is behind (" + waiting + " messages are waiting for the disk)" + NOT_STORED;
    }

    static String busy(int waiting) {
        return "the message log is busy (" + waiting + " reads are waiting); try again in a moment";
    }

    static String closed() {
        return "the message log is closed";
    }

    static String readOnlyLog() {
        return "the message log was opened for reading only";
    }

    static String seqNotAbove(String room, long seq, long last) {
        return "message " + seq + " of " + room + " is not above the room's last number " + last;
    }

    static String timeOutOfRange(String room, long seq, Instant time) {
        return "message " + seq + " of " + room + " has a time the log cannot store (" + time + ")";
    }

    static String noLog(Path path) {
        return "there is no message log at " + path + " (a server with history creates it)";
    }

    static String cannotCreate(Path path, String detail) {
        return "cannot create the message log " + path + ": " + detail;
    }

    static String cannotOpen(Path path, String detail) {
        return "cannot open the message log " + path + ": " + detail;
    }

    static String newerSchema(Path path, int found, int known) {
        return "the message log " + path + " has schema version " + found + ", newer than this chatlab reads (" + known
                + "); use a newer chatlab";
    }

    static String olderSchema(Path path, int found) {
        return "the message log " + path + " has the layout of an earlier chatlab (schema version " + found
                + "); start `chatlab server` on it once to convert it, then read it";
    }

    static String notALog(Path path) {
        return path + " is not a chatlab message log";
    }

    /** A search without a word to look for. */
    public static String nothingToSearch() {
        return "nothing to search for: give at least one word of letters or digits";
    }

    public static String tooManyWords(int max) {
        return "search for at most " + max + " words";
    }

    public static String wordTooLong(int max) {
        return "a search word may be at most " + max + " characters long";
    }
}
