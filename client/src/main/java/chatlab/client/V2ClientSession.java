package chatlab.client;

import chatlab.client.p2p.DirectReceiver;
import chatlab.client.p2p.DirectSender;
import chatlab.client.p2p.PeerSocket;
import chatlab.protocol.v2.ClientMessage;
import chatlab.protocol.v2.ErrorCode;
import chatlab.protocol.v2.ServerMessage;
import chatlab.protocol.v2.UserInfo;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A session on chatlab's own wire (v2): wires the connection to the parts that each keep one concern.
 *
 * <ul>
 *   <li>Every chatroom message gets an id and stays in the {@link Outbox} until the server acknowledges it, sent as
 *       fast as the server's rate allows ({@link Pacer}). When the server goes away the session reconnects with
 *       backoff and jitter ({@link Reconnector}), registers again, and resends the outbox with the same ids, so the
 *       server drops what it already had; what was typed meanwhile waits there too.
 *   <li>Messages and direct messages are shown once per (sender, id) ({@link SeenMessages}), so a resend never shows
 *       twice even when a restarted server could not recognise it.
 *   <li>Direct messages to v2 peers go over UDP and wait for the peer's acknowledgement, retried with backoff; when
 *       none comes they go through the server as a whisper. Lab peers get the lab's plain datagram. The user is told
 *       which path was taken ({@link DirectSender}). A direct message whose sender does not match the address and
 *       port the server announced for that name is shown as unverified ({@link DirectReceiver}).
 *   <li>The client may be in several rooms (the feature "rooms"): each room's users come from its state and its
 *       presence messages ({@link RoomView}, one per room in {@link JoinedRooms}); messages go to the room the user
 *       talks in, every line about a room is labelled with it while the client is in more than one, and a reconnect
 *       resumes every room where it left off ({@link RoomTraffic}). With a server from before rooms the client is in
 *       its one room, as before.
 *   <li>A room's history (the feature "history") is shown as such, never as new chat ({@link HistoryTraffic}); a
 *       message the server's log could not store goes again ({@link StoreRetries}).
 *   <li>A password login is SCRAM ({@link LoginSteps}); at the end of input the session waits for what it still owes
 *       ({@link Drain}).
 * </ul>
 *
 * <p>One lock, this session's, guards what the parts decide together (the outbox, the pacer, the rooms' changes and
 * the connection); the parts with timers or threads of their own ({@link DirectSender}, {@link Reconnector},
 * {@link LoginSteps}, {@link JoinedRooms}) lock only themselves and never call out while they do.
 */
public final class V2ClientSession implements ChatSession {
    private static final int PROTOCOL_VERSION = 2;
    private static final List<String> FEATURES = List.of("dm-ack", "whisper", "deflate", "rooms", "history");
    private static final String SOFTWARE = "chatlab-client/" + version();

    private final ClientConfig config;
    /** Sent in every hello of this run: a reconnect takes the name over from the old connection (SessionSecret). */
    private final String session = SessionSecret.draw();
    private final ClientOutput output;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "chatlab-client-timers");
        thread.setDaemon(true);
        return thread;
    });
    private final Outbox outbox = new Outbox(ClientConfig.MAX_OUTBOX_MESSAGES);
    private final Pacer pacer = new Pacer(outbox, System::nanoTime);
    private final SeenMessages seen = new SeenMessages();
    private final JoinedRooms rooms;
    /** A /join holds the next line until the server answered it, so the line goes to the room joined. */
    private final ReplyGate joins = new ReplyGate();
    private final RoomTraffic roomTraffic;
    private final HistoryTraffic history;
    private final IncomingChat chat;
    private final LoginSteps login;
    private final StoreRetries storeRetries;
    private final Reconnector reconnector;
    private final DirectSender directs;
    private final DirectReceiver datagrams;
    private final CompletableFuture<String> ended = new CompletableFuture<>();
    private final CompletableFuture<Void> firstWelcome = new CompletableFuture<>();
    /** The end of input: waits for the answers to what the input asked, then says bye (paced like a message). */
    private final Goodbye goodbye;
    /** A request (rooms, history) was sent: at the end of input the answers are awaited before the bye. */
    private boolean requested;
    /** The end of input: what is still owed to the server, waited for (reconnecting) up to the drain timeout. */
    private final Drain drain = new Drain();
    /**
     * Lines refused for what they are, here (an unknown command) or by the server (too long, control characters), or
     * not sent at all: a script's exit status says so. A direct message to someone not in the room is not counted.
     */
    private final AtomicInteger refused = new AtomicInteger();
    /** The server refused the name itself (taken, breaks a rule): an interactive user may pick another. */
    private volatile boolean nameRefused;
    private volatile String name;
    private PeerSocket peers;
    /** The server name's addresses, tried in turn on every connect (the one after the server lost first). */
    private final ServerAddresses servers;
    private V2Connection connection;
    private boolean registered;
    private boolean quitting;
    private boolean terminal;

    public V2ClientSession(ClientConfig config, ClientOutput output) {
        this(config, output, PasswordSource.NONE, null);
    }

    /**
     * @param passwordSource asked when the server says the name needs a password
     * @param password       a password to log in with from the start, or null
     */
    public V2ClientSession(ClientConfig config, ClientOutput output, PasswordSource passwordSource, String password) {
        this.config = config;
        this.output = output;
        this.servers = new ServerAddresses(config.server());
        this.storeRetries = new StoreRetries(timers, ClientConfig.NOT_STORED_RETRY, output, id -> {
            synchronized (this) {
                outbox.sendAgainFirst(id);
            }
            pump();
        });
        this.rooms = new JoinedRooms(config.rooms());
        this.goodbye = new Goodbye(timers, config.replyWait(), () -> {
            synchronized (this) {
                return pacer.takeOrWait();
            }
        });
        this.roomTraffic = new RoomTraffic(rooms, output, this::request, this::roomsAnswered, joins);
        this.history = new HistoryTraffic(rooms, seen, output, this::request);
        this.reconnector = new Reconnector(config.reconnect(), timers, output::info, this::wantsServer,
                this::connectAndHello, this::end);
        this.chat = new IncomingChat(seen, rooms, reconnector, history, output);
        this.login = new LoginSteps(password, passwordSource, output, timers, config.tls().isPresent(), () -> this.name,
                reconnector::connectNow, this::end);
        this.directs = new DirectSender(() -> name, output, this::sendDatagram, timers, config.dmRetry().maxAttempts(),
                config.dmRetry()::delay, outbox::newId, this::whisper, () -> drain.settled(owed()));
        this.datagrams = new DirectReceiver(() -> name, output, rooms, seen::firstSight, this::sendDatagram, directs);
    }

    @Override
    public void start(String name) throws IOException {
        this.name = name;
        if (peers == null) {
            peers = PeerSocket.bindAlone(group, config.bindAddress(), config.udpPort(), datagrams::received, output);
        }
        // On failure the caller may fix the cause (trust a certificate) and start again; close() frees everything.
        connectAndHello(); // "connected" is shown once the server has taken the name (its first welcome)
    }

    private void sendDatagram(InetSocketAddress to, byte[] datagram) {
        peers.send(to, datagram);
    }

    private void connectAndHello() throws IOException {
        V2Connection fresh = V2Connection.connect(group, servers, config.port(), config.bindAddress(),
                config.tls(), config.silentServer(), config.connectTimeout(), listener);
        synchronized (this) {
            connection = fresh;
        }
        String clientFirst = login.clientFirst();
        fresh.send(new ClientMessage.Hello(PROTOCOL_VERSION, name, SOFTWARE, udpPort(), FEATURES, clientFirst,
                reconnector.resume(), rooms.hello(), session));
    }

    @Override
    public CompletableFuture<String> ended() {
        return ended;
    }

    @Override
    public synchronized boolean failed() {
        return terminal;
    }

    @Override
    public CompletableFuture<Void> registered() {
        return firstWelcome;
    }

    @Override
    public int udpPort() {
        return peers.localAddress().getPort();
    }

    /** The users of the room the client talks in (of the server's one room, on a server without rooms). */
    @Override
    public Optional<Map<String, String>> users() {
        return rooms.addresses();
    }

    /** The rooms the client is in, in the order it joined them; empty on a server without rooms. */
    public List<String> rooms() {
        return rooms.names();
    }

    /** The room the client's messages go to; empty when in none, or on a server without rooms. */
    public Optional<String> currentRoom() {
        return rooms.talkingIn();
    }

    /** Messages typed but not yet acknowledged by the server. */
    public synchronized int unacknowledged() {
        return outbox.size();
    }

    /**
     * What the session still owes the server: chatroom messages and whispers not yet acknowledged, direct messages
     * waiting for the peer's acknowledgement (they may still go through the server) or for the room to arrive.
     */
    private synchronized int owed() {
        return outbox.size() + directs.waiting() + rooms.held();
    }

    @Override
    public int refused() {
        return refused.get();
    }

    @Override
    public int undelivered() {
        return owed();
    }

    @Override
    public boolean nameRefused() {
        return nameRefused;
    }

    /** Called under the lock whenever the outbox changes, so the console can show what is pending. */
    private void outboxChanged() {
        output.unacknowledged(outbox.size());
    }

    @Override
    public boolean submit(String line) {
        UserInput input = UserInput.parse(line);
        switch (input.kind()) {
            case CHATROOM -> say(((UserInput.Chatroom) input).text(), false);
            case ACTION -> say(((UserInput.Action) input).text(), true);
            case DIRECT -> direct((UserInput.Direct) input);
            case LIST_USERS -> roomTraffic.names();
            case ROOM -> counted(roomTraffic.command(((UserInput.Room) input).command()));
            case HISTORY -> counted(history.older(((UserInput.History) input).count()));
            case SEARCH -> counted(history.search(((UserInput.Search) input).text(), 0));
            case HELP -> output.help();
            case QUIT -> {
                return false;
            }
            case NOTHING -> { }
            case INVALID -> {
                refused.incrementAndGet();
                output.problem(((UserInput.Invalid) input).problem());
            }
        }
        return true;
    }

    /** A command that was refused here (false) counts as a refused line. */
    private void counted(boolean taken) {
        if (!taken) {
            refused.incrementAndGet();
        }
    }

    /** After a {@code /join}, the next line waits (at most the reply wait) until the room is here or refused. */
    @Override
    public void awaitTurn() {
        joins.await(config.replyWait());
    }

    @Override
    public void cycleRoom(int step) {
        roomTraffic.cycle(step);
    }

    /** A request about rooms, on the current connection; false when the client is not registered there. */
    private synchronized boolean request(ClientMessage message) {
        if (!registered) {
            return false;
        }
        requested = true;
        connection.send(message);
        return true;
    }

    private synchronized void say(String text, boolean action) {
        if (terminal) {
            refused.incrementAndGet();
            output.problem("not connected to the server; the message was not sent");
            return;
        }
        Optional<String> room = rooms.talkingIn();
        if (rooms.roomsOn() && room.isEmpty()) {
            refused.incrementAndGet();
            output.problem(RoomTexts.NO_ROOM);
            return;
        }
        if (outbox.isFull()) {
            refused.incrementAndGet();
            output.problem(outbox.size() + " messages are still waiting for the server; this one was not sent");
            return;
        }
        // The room goes with the message: a resend after a reconnect goes where it was typed.
        ClientMessage.Say say = new ClientMessage.Say(outbox.newId(), text, action, room.orElse(null));
        outbox.add(say.id(), say);
        outboxChanged();
        pump();
    }

    /** A direct message that could not go over UDP, through the server; owed like a chatroom message. */
    private synchronized void whisper(String id, String to, String text) {
        outbox.add(id, new ClientMessage.Whisper(id, to, text));
        outboxChanged();
        pump();
    }

    /** Sends what waits in the outbox as the server's rate allows; once registered on the current connection. */
    private synchronized void pump() {
        if (!registered) {
            return;
        }
        pacer.pump(connection::send).ifPresent(waitNanos -> timers.schedule(() -> {
            synchronized (this) {
                pacer.wokeUp();
            }
            pump();
        }, waitNanos, TimeUnit.NANOSECONDS));
    }

    private void direct(UserInput.Direct direct) {
        Optional<UserInfo> user;
        synchronized (this) {
            user = rooms.user(direct.recipient());
            if (user.isEmpty() && rooms.hold(direct)) {
                return; // the room is on its way: sent once it is here
            }
        }
        if (user.isEmpty()) {
            // Not a fault of the line: whoever it was for is not here (the lab's client answers the same way).
            output.unknownRecipient(direct.recipient());
            return;
        }
        if (!directs.send(user.get(), direct.payload())) {
            refused.incrementAndGet();
        }
    }

    private final V2Connection.Listener listener = new V2Connection.Listener() {
        @Override
        public void message(V2Connection from, ServerMessage message) {
            onServerMessage(from, message);
        }

        @Override
        public void notV2(V2Connection from, String start) {
            end(ClientTexts.notV2(config.server(), config.port(), start));
        }

        @Override
        public void closed(V2Connection from, String reason) {
            onClosed(from, reason);
        }
    };

    private void onServerMessage(V2Connection from, ServerMessage message) {
        switch (message.type()) {
            case WELCOME -> onWelcome(from, (ServerMessage.Welcome) message);
            case JOINED -> changeRoom(rooms::joined, ((ServerMessage.Joined) message).user(), null);
            case PRESENCE -> changeRoom(rooms::presence, (ServerMessage.Presence) message,
                    ((ServerMessage.Presence) message).room());
            case LEFT -> changeRoom(rooms::left, ((ServerMessage.Left) message).name(), null);
            case DEFLATED -> onServerMessage(from, ((ServerMessage.Deflated) message).inner());
            case MESSAGE -> chat.message((ServerMessage.Message) message);
            case ROOM -> roomTraffic.state((ServerMessage.RoomState) message);
            case PART -> {
                roomTraffic.parted(((ServerMessage.Parted) message).room());
                history.left(((ServerMessage.Parted) message).room());
            }
            case HISTORY -> history.end((ServerMessage.HistoryEnd) message);
            case SEARCH -> history.end((ServerMessage.SearchEnd) message);
            case TOPIC -> roomTraffic.topic((ServerMessage.Topic) message);
            case ROOMS -> roomTraffic.list((ServerMessage.RoomList) message);
            case ACK -> onAck((ServerMessage.Ack) message);
            case WHISPER -> chat.whisper((ServerMessage.Whisper) message);
            case ERROR -> onError((ServerMessage.Error) message);
            case PING -> from.send(new ClientMessage.Pong(((ServerMessage.Ping) message).token()));
            case PONG -> goodbye.pong(((ServerMessage.Pong) message).token());
            case CHALLENGE -> login.challenge(from, (ServerMessage.Challenge) message);
            case REKEY -> {
                boolean now;
                synchronized (this) {
                    now = registered;
                }
                login.rekey(from, (ServerMessage.Rekey) message, now);
            }
            default -> { }
        }
    }

    /**
     * Changes a room under the lock, then shows the change (labelled with {@code roomName} when the client is in more
     * than one) and sends what waited for the room.
     */
    private <T> void changeRoom(Function<T, Optional<RoomNews>> change, T message, String roomName) {
        Optional<RoomNews> news;
        synchronized (this) {
            news = change.apply(message);
        }
        news.ifPresent(shown -> {
            shown.show(output.inRoom(rooms.label(roomName)));
            output.knownUsers(rooms.everyone());
            shown.released().forEach(this::direct);
        });
    }

    /**
     * A room the client asked for arrived or was refused: once none is awaited, the session is in (the first time:
     * registered, so a script's lines go where they should) and the direct messages held for the rooms go out.
     */
    private void roomsAnswered() {
        if (!rooms.settled()) {
            return;
        }
        firstWelcome.complete(null);
        rooms.releasable().forEach(this::direct);
    }

    private void onWelcome(V2Connection from, ServerMessage.Welcome welcome) {
        if (!login.welcomed(from, welcome)) {
            return;
        }
        Optional<RoomNews> news;
        synchronized (this) {
            if (from != connection) {
                return;
            }
            registered = true;
            reconnector.welcomed(welcome.epoch());
            pacer.announced(welcome.limits().messagesPerSecond(), welcome.limits().burstMessages());
            int resent = outbox.sendAllAgain().size();
            // Before anyone learns of the welcome, so a direct message typed from then on waits for the room.
            news = rooms.welcomed(welcome, name, resent);
        }
        history.welcomed(welcome);
        pump();
        if (!firstWelcome.isDone()) {
            output.connected(config.server(), name);
        }
        // With rooms, the session is in once its rooms are here (their states come next): lines read from then on
        // go to the room they should.
        if (rooms.settled()) {
            firstWelcome.complete(null);
        }
        // Unless the room comes in the next presence message: the list (and what changed while away) is shown then.
        news.ifPresent(shown -> shown.show(output));
    }

    private void onAck(ServerMessage.Ack ack) {
        Optional<ClientMessage> acked;
        synchronized (this) {
            acked = outbox.settle(ack.id());
            storeRetries.settled(ack.id());
            if (acked.isPresent()) {
                outboxChanged();
            }
        }
        if (acked.orElse(null) instanceof ClientMessage.Say say) {
            output.inRoom(rooms.label(say.room())).acknowledged(name, say.text(), say.action(), ack.seq(),
                    ack.duplicate());
        }
        drain.settled(owed()); // after the line above, so it is shown before anything the end of input prints
    }

    private void onError(ServerMessage.Error error) {
        ServerErrorReaction reaction = ServerErrorReaction.of(error, firstWelcome.isDone());
        if (reaction == ServerErrorReaction.PACE) {
            synchronized (this) {
                pacer.refused(error.ref()); // too fast for the server: keep it, send it again once the rate allows
            }
            pump();
            return;
        }
        if (reaction == ServerErrorReaction.STORE_AGAIN) {
            boolean owed;
            synchronized (this) {
                owed = outbox.holds(error.ref());
            }
            storeRetries.refused(error.ref(), owed, error.message());
            return;
        }
        if (error.ref() != null) {
            settleRefused(error);
        }
        switch (reaction) {
            case REFUSED -> {
                output.problem(error.message());
                if (error.room() != null && error.ref() == null) {
                    refused.incrementAndGet(); // a rooms request the user typed (join, part, topic), refused as it was
                }
                roomTraffic.refused(error);
                drain.settled(owed());
            }
            // The server closes this connection; the reconnector tries again (docs/CLUSTER.md).
            case NAME_STILL_HELD -> output.info(ClientTexts.nameStillHeld(error.message()));
            case ASK_PASSWORD -> login.askForPassword(error.message());
            case COMES_BACK -> output.info("the server said: " + error.message());
            case LOGIN_FAILED -> {
                output.problem(ClientTexts.loginFailed(name));
                end(error.message());
            }
            default -> {
                if (error.code() == ErrorCode.NAME_TAKEN || error.code() == ErrorCode.NAME_INVALID) {
                    nameRefused = !firstWelcome.isDone();
                }
                end(error.message());
            }
        }
    }

    /** A message refused for good (too long, unknown user): it will never be acknowledged. */
    private void settleRefused(ServerMessage.Error error) {
        boolean ours;
        synchronized (this) {
            ours = outbox.settle(error.ref()).isPresent();
            if (ours) {
                outboxChanged();
            }
        }
        if (ours && error.code() != ErrorCode.UNKNOWN_USER) {
            refused.incrementAndGet(); // the line itself was at fault (too long, control characters)
        }
    }

    private void onClosed(V2Connection from, String reason) {
        joins.answered(); // a join asked on this connection is asked again in the next hello; no line waits for it
        boolean reconnect;
        synchronized (this) {
            if (quitting) {
                goodbye.closed(); // after the end of input: nothing more will be answered on it
            }
            if (from != connection || login.awaitingPassword()) {
                return;
            }
            registered = false;
            reconnect = wantsServer();
        }
        if (!reconnect) {
            drain.abandon();
            ended.complete(reason);
            return;
        }
        if (from.server() != null) {
            servers.lost(from.server()); // the next attempt tries the name's other addresses first
        }
        reconnector.lost(reason);
    }

    /** Still chatting, or the input has ended and something read is still owed to the server. */
    private synchronized boolean wantsServer() {
        return !terminal && (!quitting || drain.active() && owed() > 0);
    }

    /** The session is over and will not come back. */
    private void end(String reason) {
        V2Connection current;
        synchronized (this) {
            if (terminal) {
                return;
            }
            terminal = true;
            current = connection;
        }
        drain.abandon();
        output.disconnected(reason);
        ended.complete(reason);
        if (current != null) {
            current.close();
        }
    }

    /**
     * The input has ended: waits, reconnecting when the server is away, until the server has acknowledged everything
     * that was read, or refused it, for at most the drain timeout; then says goodbye. What is left is
     * {@link #undelivered()}.
     */
    @Override
    public CompletableFuture<Void> finish() {
        int owed;
        boolean away;
        CompletableFuture<Void> drained;
        synchronized (this) {
            // Together, so a close that comes meanwhile sees the drain and reconnects.
            quitting = true;
            drained = drain.start(() -> terminal ? 0 : owed(), config.drainTimeout());
            owed = terminal ? 0 : owed();
            away = !registered;
        }
        if (owed > 0 && away) {
            output.info(ClientTexts.drainWaiting(owed, config.drainTimeout()));
        }
        return drained.thenCompose(ignored -> {
            V2Connection current;
            boolean asked;
            synchronized (this) {
                current = connection;
                asked = requested;
            }
            if (current == null || !current.isOpen()) {
                return CompletableFuture.completedFuture(null);
            }
            return goodbye.leave(current, asked);
        });
    }

    @Override
    public void close() {
        synchronized (this) {
            quitting = true;
        }
        timers.shutdownNow();
        V2Connection current;
        synchronized (this) {
            current = connection;
        }
        if (current != null) {
            current.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        if (peers != null) {
            peers.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    private static String version() {
        String version = V2ClientSession.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
