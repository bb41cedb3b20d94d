package chatlab.server.handler;

import chatlab.protocol.NameRules;
import chatlab.protocol.TokenBucket;
import chatlab.protocol.lab.LabFormat;
import chatlab.protocol.lab.LabInbound;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One lab client's session: the first message is its name, every later one goes to the chatroom. The room itself
 * lives behind {@link SessionRoom}, so this class holds only the per-connection rules.
 */
public final class LabSessionHandler extends ChannelInboundHandlerAdapter {
    private final SessionRoom room;
    private final NameRules nameRules;
    private final Duration registrationTimeout;
    private final TokenBucket rate;
    private final int rateAbuseLimit;
    private final int maxNameChars;
    private final chatlab.auth.Authenticator authenticator;
    private int refusedInARow;
    /** Messages over the rate, in order, waiting for tokens; bounded by one read, since reading stops meanwhile. */
    private final ArrayDeque<LabInbound> held = new ArrayDeque<>();
    /** A name waiting for its password (a login), or waiting for the check of it; and what it reads as. */
    private String pendingName;
    private String pendingSkeleton;
    private boolean checkingPassword;
    private ScheduledFuture<?> registrationDeadline;
    private String name;
    private boolean closing;
    /** The connection ended; the leave waits until the held messages have gone out. */
    private boolean inactive;

    /** @param authenticator checks logins, or null when anyone may join */
    public LabSessionHandler(SessionRoom room, NameRules nameRules, chatlab.protocol.Limits limits,
            chatlab.auth.Authenticator authenticator) {
        this.room = room;
        this.authenticator = authenticator;
        this.nameRules = nameRules;
        this.registrationTimeout = limits.registrationTimeout();
        this.rateAbuseLimit = limits.rateAbuseLimit();
        this.maxNameChars = limits.maxNameChars();
        this.rate = new TokenBucket(limits.messagesPerSecond(), limits.burstMessages(), System::nanoTime);
    }

    /** Added once the wire is known, after the connection became active: the deadline starts here. */
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        registrationDeadline = ctx.executor().schedule(() -> {
            if (name == null && !closing) {
                closing = true;
                room.refuse(ctx.channel(), Refusal.registrationTimeout(registrationTimeout));
            }
        }, registrationTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof LabInbound inbound) || closing) {
            return;
        }
        if (inbound instanceof LabInbound.EndlessLine endless) {
            // Not chat: whatever it was doing (naming, logging in, talking, being slowed), the connection ends now.
            closing = true;
            room.refuse(ctx.channel(), Refusal.endlessLine(endless.discardedBytes(), endless.limitBytes()));
            return;
        }
        if (checkingPassword) {
            return; // typed before the login succeeded: never relayed
        }
        if (pendingName != null) {
            onPassword(ctx, inbound);
        } else if (name == null) {
            onNameMessage(ctx, inbound);
        } else {
            onChatMessage(ctx, inbound);
        }
    }

    private void onNameMessage(ChannelHandlerContext ctx, LabInbound inbound) {
        Optional<Refusal> refusal;
        String skeleton = null; // computed once per join, here, off the room's thread
        if (inbound instanceof LabInbound.Line line) {
            skeleton = chatlab.protocol.NameSkeleton.of(line.text());
            refusal = nameRules.problemWith(line.text(), skeleton).map(Refusal::invalidName);
        } else if (inbound instanceof LabInbound.TooLong || inbound instanceof LabInbound.LineTooLong) {
            // The framer's first-message limit is the longest name's bytes: past it, the name limit is what it broke.
            refusal = Optional.of(Refusal.nameTooLong(maxNameChars));
        } else {
            refusal = Optional.of(Refusal.nameNotUtf8());
        }
        if (refusal.isPresent()) {
            closing = true;
            room.refuse(ctx.channel(), refusal.get());
            return;
        }
        String chosen = ((LabInbound.Line) inbound).text();
        // The three checks below answer from the authenticator's in-memory copy of the registered names, refreshed on
        // its own threads, never from SQLite: this is the room's event loop, and a query here on a slow disk would
        // stall everyone's chat. The password check that may follow reads the store on those threads too.
        if (authenticator != null && authenticator.mustSendNameAlone(chosen)) {
            // Guests join here: the name and a typed-ahead password may have arrived in one read; never show or log
            // it. (With --auth required such a message is asked for a password like any name: nothing is shown.)
            closing = true;
            room.refuse(ctx.channel(), new Refusal(chatlab.protocol.v2.ErrorCode.NAME_INVALID,
                    Notices.sendNameAlone(), "a name that begins with a registered name (not logged: it may hold a password)",
                    null));
            return;
        }
        if (authenticator != null && authenticator.resemblesRegisteredName(chosen, skeleton)) {
            closing = true;
            room.refuse(ctx.channel(), Refusal.invalidName("the name is too close to a registered name"));
            return;
        }
        if (authenticator != null && authenticator.needsLogin(chosen)) {
            // The lab client prints this line and sends whatever the user types next: the password, in clear text.
            pendingName = chosen;
            pendingSkeleton = skeleton;
            ctx.writeAndFlush(io.netty.buffer.Unpooled.wrappedBuffer(LabFormat.noticeBytes(Notices.passwordPrompt())),
                    ctx.voidPromise());
            return;
        }
        register(ctx, chosen, skeleton);
    }

    private void onPassword(ChannelHandlerContext ctx, LabInbound inbound) {
        String user = pendingName;
        String address = remoteAddress(ctx);
        if (!(inbound instanceof LabInbound.Line line)) {
            closing = true;
            room.loginOutcome(authenticator.nameForLog(user), address, false, "the password was not a valid line");
            room.refuse(ctx.channel(), Refusal.loginFailed("the password was not a valid line"));
            return;
        }
        checkingPassword = true;
        ctx.channel().config().setAutoRead(false);
        authenticator.checkPassword(user, line.text(), address).whenComplete((outcome, error) ->
                ctx.executor().execute(() -> {
                    checkingPassword = false;
                    pendingName = null;
                    if (error == null && outcome.busy()) {
                        closing = true; // busy: the password was not checked, and it is not a failure
                        room.refuse(ctx.channel(), Refusal.loginBusy(outcome, authenticator.maxLoginsPerAddress()));
                        return;
                    }
                    boolean success = error == null && outcome.success();
                    String reason = error != null ? "internal error: " + error : outcome.reason();
                    room.loginOutcome(authenticator.nameForLog(user), address, success, reason);
                    if (!success) {
                        closing = true;
                        room.refuse(ctx.channel(), Refusal.loginFailed(reason));
                        return;
                    }
                    register(ctx, user, pendingSkeleton);
                    ctx.channel().config().setAutoRead(true);
                }));
    }

    private void register(ChannelHandlerContext ctx, String chosen, String skeleton) {
        registrationDeadline.cancel(false);
        name = chosen;
        // A lab client binds its UDP socket to the lab's port whatever port the server has: not the server's own.
        room.register(ctx.channel(), name, skeleton, remoteAddress(ctx), room.labUdpPort(), chatlab.protocol.v2.Wire.LAB);
    }

    private static String remoteAddress(ChannelHandlerContext ctx) {
        return LabFormat.address(((InetSocketAddress) ctx.channel().remoteAddress()).getAddress());
    }

    /**
     * Every message takes a token from the rate limit, relayed or refused. A lab client over its rate is slowed, not
     * refused: the server stops reading it until the bucket has paid for the message, and TCP holds the rest in the
     * client's socket. Nothing is lost, and no notice lands in the middle of its chat (the lab wire has no place for
     * one). Refusals in a row for bad input (not UTF-8, too long) still close the connection.
     */
    private void onChatMessage(ChannelHandlerContext ctx, LabInbound inbound) {
        if (!held.isEmpty() || !rate.tryTake()) {
            // One read may hold many lines (nc, a paste): those over the rate wait here, and reading stops meanwhile.
            held.addLast(inbound);
            if (held.size() == 1) {
                room.holdReading(ctx.channel(), true);
                scheduleRelease(ctx);
            }
            return;
        }
        handleChatMessage(ctx, inbound);
    }

    private void scheduleRelease(ChannelHandlerContext ctx) {
        ctx.executor().schedule(() -> releaseHeld(ctx), Math.max(1, rate.nanosUntilToken()), TimeUnit.NANOSECONDS);
    }

    /** Lets held messages go as the bucket refills; reading resumes once none is left. */
    private void releaseHeld(ChannelHandlerContext ctx) {
        if (closing) {
            held.clear();
        }
        while (!held.isEmpty() && rate.tryTake()) {
            handleChatMessage(ctx, held.pollFirst());
        }
        if (!held.isEmpty()) {
            scheduleRelease(ctx);
        } else if (inactive) {
            room.leave(ctx.channel()); // after its last message, as if it had sent them at its rate
        } else if (!closing) {
            room.holdReading(ctx.channel(), false);
        }
    }

    private void handleChatMessage(ChannelHandlerContext ctx, LabInbound inbound) {
        if (closing) {
            return;
        }
        if (inbound instanceof LabInbound.Line line) {
            Optional<chatlab.protocol.TextRules.Problem> problem = chatlab.protocol.TextRules.problemWith(line.text());
            if (problem.isPresent()) {
                refused(ctx, Refusal.text(problem.get()));
                return;
            }
            refusedInARow = 0;
            room.relay(ctx.channel(), null, line.text(), null, false);
        } else if (inbound instanceof LabInbound.InvalidUtf8 bad) {
            refused(ctx, Refusal.messageNotUtf8(bad.byteCount()));
        } else if (inbound instanceof LabInbound.TooLong tooLong) {
            refused(ctx, Refusal.messageTooLong(tooLong.byteCount(), tooLong.limitBytes()));
        } else if (inbound instanceof LabInbound.LineTooLong tooLong) {
            refused(ctx, Refusal.lineTooLong(tooLong.limitBytes(), LabFrameDecoder.LINE_PAUSE_MILLIS));
        }
    }

    private void refused(ChannelHandlerContext ctx, Refusal refusal) {
        if (++refusedInARow >= rateAbuseLimit) {
            closing = true;
            room.refuse(ctx.channel(), Refusal.rateAbuse(refusedInARow));
        } else {
            room.refuse(ctx.channel(), refusal);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (registrationDeadline != null) {
            registrationDeadline.cancel(false);
        }
        inactive = true;
        // A client that closes while slowed (a script piped into nc): what it sent past its rate still goes out at
        // its rate, and it leaves after its last message (releaseHeld).
        if (held.isEmpty()) {
            room.leave(ctx.channel());
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        room.writabilityChanged(ctx.channel());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        room.failed(ctx.channel(), cause);
    }
}
