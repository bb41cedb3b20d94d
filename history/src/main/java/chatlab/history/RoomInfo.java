package chatlab.history;

/**
 * What the log knows of a room: what a room needs when the server starts (the last sequence number given, so it
 * goes on from there, and the topic), and what a room list shows.
 *
 * @param topic    the room's topic, or null
 * @param lastSeq  the highest sequence number ever stored in the room (kept when trimming removes that message, so
 *                 numbers are never given twice); 0 when nothing was stored
 * @param firstSeq the oldest message kept, 0 when none is
 * @param messages messages kept
 * @param bytes    their size as {@link LoggedMessage#sizeBytes} counts it
 */
public record RoomInfo(String name, String topic, long lastSeq, long firstSeq, long messages, long bytes) {}
