package chatlab.server;

import chatlab.protocol.lab.LabFormat;
import chatlab.server.handler.Notices;
import chatlab.server.handler.Refusal;
import chatlab.server.handler.SessionRoom;
import chatlab.server.room.Member;
import chatlab.server.room.Room;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the {@link Room} on one thread of its own and does the fan-out. Every change of the roster and every relay
 * is a task on that thread, so registrations cannot race and each client sees messages in one order.
 *
 * <p>Fan-out encodes a message once and hands every recipient a retained duplicate of the same bytes. User-list
 * changes are gathered for {@code presenceBatchWindow} and then sent as one map per client, so a join storm
 * costs one map per client per window rather than one per join.
 */
final class RoomService implements SessionRoom {
    private final Room<Channel> room = new Room<>(Clock.systemUTC());
    private final EventExecutor executor = new DefaultEventExecutor(runnable -> {
        Thread thread = new Thread(runnable, "chatlab-room");
        thread.setDaemon(true);
        return thread;
    });
    private final ServerEvents events;
    private final long presenceBatchNanos;
    private final AtomicLong presenceBytesSent = new AtomicLong();
    private boolean presenceFlushScheduled;
    private boolean presenceDirty;
    private boolean stopping;

    private final SlowReaders slowReaders;

    RoomService(ServerEvents events, Duration presenceBatchWindow, Duration slowReaderGrace, int maxOutboundBytes) {
        this.events = events;
        this.presenceBatchNanos = presenceBatchWindow.toNanos();
        this.slowReaders = new SlowReaders(executor, slowReaderGrace, maxOutboundBytes);
    }

    /** Registers the name, or tells the client why not and closes its connection. */
    @Override
    public void register(Channel channel, String name, String address) {
        executor.execute(() -> {
            if (stopping || !channel.isActive()) {
                return;
            }
            switch (room.register(channel, name, address)) {
                case JOINED -> {
                    events.joined(name, address);
                    presenceChanged();
                }
                case NAME_TAKEN -> {
                    events.refused(address, "name \"" + name + "\" is taken");
                    noticeAndClose(channel, Notices.nameTaken(name), "name \"" + name + "\" was taken");
                }
                case ALREADY_REGISTERED -> { }
            }
        });
    }

    /** Sends {@code NAME: TEXT } to every member except the sender. Ignored if the sender never registered. */
    @Override
    public void relay(Channel from, String text) {
        ReadGate gate = ReadGate.of(from);
        gate.relayQueued();
        executor.execute(() -> room.memberOf(from).ifPresentOrElse(sender -> {
            // Everyone learns of a new member before its first message: a pending map goes out first.
            flushPresence();
            ByteBuf bytes = Unpooled.wrappedBuffer(LabFormat.relayBytes(sender.name(), text));
            try {
                for (Member<Channel> member : room.members()) {
                    if (member.connection() != from) {
                        deliver(member.connection(), bytes, from);
                    }
                }
            } finally {
                bytes.release();
                gate.relayDone();
            }
        }, gate::relayDone));
    }

    /** Removes the connection's member, if any, and tells the room. */
    @Override
    public void leave(Channel channel) {
        String reason = DisconnectReason.of(channel);
        executor.execute(() -> {
            slowReaders.forget(channel);
            room.leave(channel).ifPresentOrElse(member -> {
                events.left(member.name(), member.address(), reason);
                presenceChanged();
            }, () -> events.disconnected(channel.remoteAddress(), reason));
        });
    }

    @Override
    public void writabilityChanged(Channel channel) {
        executor.execute(() -> slowReaders.writable(channel));
    }

    @Override
    public void refuse(Channel channel, Refusal refusal) {
        events.refused(describe(channel), refusal.logReason());
        noticeAndClose(channel, refusal.notice(), refusal.logReason());
    }

    @Override
    public void tell(Channel channel, String who, Refusal refusal) {
        events.refused(who, refusal.logReason());
        channel.writeAndFlush(Unpooled.wrappedBuffer(LabFormat.noticeBytes(refusal.notice())), channel.voidPromise());
    }

    @Override
    public void failed(Channel channel, Throwable cause) {
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        DisconnectReason.record(channel, cause instanceof java.io.IOException ? message : "internal error: " + cause);
        channel.close();
    }

    private static String describe(Channel channel) {
        return String.valueOf(channel.remoteAddress());
    }

    /** Stops all presence traffic and tells every member the server is going away. */
    Future<?> stop(List<Channel> connections) {
        return executor.submit(() -> {
            stopping = true;
            events.stopping(connections.size());
            for (Channel channel : connections) {
                noticeAndClose(channel, Notices.shuttingDown(), "the server shut down");
            }
        });
    }

    Future<?> shutdownExecutor() {
        return executor.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /** Total bytes of user-map updates written so far (measured for docs/LIMITS.md and the join-storm test). */
    long presenceBytesSent() {
        return presenceBytesSent.get();
    }

    private void presenceChanged() {
        presenceDirty = true;
        if (presenceFlushScheduled || stopping) {
            return;
        }
        presenceFlushScheduled = true;
        if (presenceBatchNanos == 0) {
            executor.execute(this::scheduledFlush);
        } else {
            executor.schedule(this::scheduledFlush, presenceBatchNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void scheduledFlush() {
        presenceFlushScheduled = false;
        flushPresence();
    }

    /** Sends the current map to every member if it changed since the last one. */
    private void flushPresence() {
        if (!presenceDirty || stopping) {
            return;
        }
        presenceDirty = false;
        ByteBuf bytes = Unpooled.wrappedBuffer(LabFormat.userMapBytes(room.userMap()));
        try {
            for (Member<Channel> member : room.members()) {
                if (deliver(member.connection(), bytes, null)) {
                    presenceBytesSent.addAndGet(bytes.readableBytes());
                }
            }
        } finally {
            bytes.release();
        }
    }

    /** Queues the bytes for one client, unless flow control cut it off as a slow reader. */
    private boolean deliver(Channel channel, ByteBuf shared, Channel sender) {
        if (!slowReaders.admit(channel, sender)) {
            return false;
        }
        channel.writeAndFlush(shared.retainedDuplicate(), channel.voidPromise());
        return true;
    }

    static void noticeAndClose(Channel channel, String notice, String reason) {
        DisconnectReason.record(channel, reason);
        channel.writeAndFlush(Unpooled.wrappedBuffer(LabFormat.noticeBytes(notice)))
                .addListener(ChannelFutureListener.CLOSE);
    }
}
