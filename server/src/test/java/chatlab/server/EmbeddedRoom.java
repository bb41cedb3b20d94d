package chatlab.server;

import chatlab.protocol.Limits;
import chatlab.protocol.NameSkeleton;
import chatlab.protocol.v2.Wire;
import chatlab.server.handler.ChannelWire;
import chatlab.server.room.Member;
import chatlab.server.room.Room;
import chatlab.server.room.Roster;
import chatlab.server.room.Rooms;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A room of embedded channels for the unit tests of the room's parts: the first channel's event loop is the room's,
 * and what each channel was written is what its socket would have been handed.
 */
final class EmbeddedRoom implements AutoCloseable {
    final EmbeddedChannel loop = new EmbeddedChannel();
    final Roster<Channel> roster = new Roster<>(Clock.systemUTC(), 100, 100);
    final Outbound outbound = new Outbound(loop.eventLoop(), Duration.ZERO, Limits.DEFAULT_SOFT_OUTBOUND_BYTES);
    final RecordingServerEvents events = new RecordingServerEvents();
    final Deliveries deliveries = new Deliveries(outbound,
            new SlowReaders(loop.eventLoop(), Limits.defaults(), (channel, queued) -> { }));
    final PresenceTraffic traffic = new PresenceTraffic(ServerConfig.DEFAULT_PRESENCE_BYTES_PER_SECOND);
    private final java.util.function.Supplier<RoomLog> logs;
    final Rooms<Channel, LiveRoom> rooms;
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    EmbeddedRoom() {
        this(MemoryRoomLog::new);
    }

    /** Rooms whose logs {@code logs} makes (a test's scripted log). */
    EmbeddedRoom(java.util.function.Supplier<RoomLog> logs) {
        this.logs = logs;
        this.rooms = new Rooms<>("#general", 10, 5, this::live, dropped -> { });
        loop.freezeTime();
    }

    private LiveRoom live(Room<Channel> state) {
        RoomLog log = logs.get();
        return new LiveRoom(state, log, new PresenceFeed(state, log.epoch(), loop.eventLoop(), outbound,
                (channel, bytes) -> deliveries.deliver(channel, bytes, null), Duration.ZERO, Duration.ZERO, traffic));
    }

    /** A new connection speaking {@code wire}, registered under {@code name} and in the default room. */
    Member<Channel> join(String name, Wire wire) {
        return join(name, wire, false);
    }

    /** The same; a v2 client with {@code namesRooms} listed the feature "rooms". */
    Member<Channel> join(String name, Wire wire, boolean namesRooms) {
        EmbeddedChannel channel = connection(wire);
        roster.register(channel, name, NameSkeleton.of(name), "127.0.0.1", 5000, wire, namesRooms);
        Member<Channel> member = roster.memberOf(channel).orElseThrow();
        rooms.join(member, "#general", rooms.defaultRoom().state().key());
        return member;
    }

    LiveRoom defaultRoom() {
        return rooms.defaultRoom();
    }

    EmbeddedChannel connection(Wire wire) {
        EmbeddedChannel channel = new EmbeddedChannel();
        ChannelWire.set(channel, wire);
        channels.add(channel);
        return channel;
    }

    /** Runs the room's tasks (the end-of-turn flush, acks handed back to the loop) until none is left. */
    void endTurn() {
        for (int i = 0; i < 10; i++) {
            loop.runPendingTasks();
            channels.forEach(EmbeddedChannel::runPendingTasks);
        }
    }

    /** Everything written to the member's connection so far, as text. */
    static String written(Member<Channel> member) {
        return written((EmbeddedChannel) member.connection());
    }

    static String written(EmbeddedChannel channel) {
        StringBuilder text = new StringBuilder();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            text.append(buf.toString(StandardCharsets.UTF_8));
            buf.release();
        }
        return text.toString();
    }

    @Override
    public void close() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
        loop.finishAndReleaseAll();
    }
}
