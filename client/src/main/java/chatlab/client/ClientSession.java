package chatlab.client;

import chatlab.client.p2p.DatagramSenders;
import chatlab.client.p2p.LabDirectSender;
import chatlab.client.p2p.PeerSocket;
import chatlab.protocol.lab.LabFormat;
import chatlab.protocol.lab.LabServerEvent;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A lab-wire client session: registers the name, keeps the user map, sends chatroom messages over TCP and
 * direct messages over UDP, and reports everything to a {@link ClientOutput}.
 *
 * <p>What the user sends goes out in the order it was typed. Until the server confirms the name (with its first
 * user map) it waits in a queue, unless the server has said something meanwhile: a server with its own prompt
 * (a password, say) sends the map only after the answer, so from then on the lines go to it as typed, as the lab's
 * client sends them, each after the server answered the last ({@link ReplyGate}); a line that answers a prompt
 * mentioning a password is {@linkplain #nextLineIsSecret() secret}. Consecutive messages leave
 * {@link ClientConfig#minSendGap()} between them, so a lab server that treats each {@code recv()} as one message sees
 * the name and every message apart. A direct message typed after a chatroom message never overtakes it.
 */
public final class ClientSession implements ChatSession {
    private final ClientConfig config;
    private final ClientOutput output;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    /** Outgoing {@link Chat} and {@link Reply} writes and {@link UserInput.Direct} datagrams, in typed order. */
    private final Queue<Object> outgoing = new ArrayDeque<>();
    private final CompletableFuture<String> ended = new CompletableFuture<>();
    private final CompletableFuture<Void> firstMap = new CompletableFuture<>();
    private final ReplyGate gate = new ReplyGate();
    private final AtomicInteger refused = new AtomicInteger();
    /** Before the first map: the server has said something, so it leads a conversation (a prompt of its own). */
    private boolean serverSpoke;
    /** Before the first map: the server's last words mention a password, so the next line answers it. */
    private boolean secretNext;
    /** The server closed the connection before it accepted the name: the lab wire's way of refusing it. */
    private volatile boolean closedBeforeMap;
    private CompletableFuture<Void> drained;

    /** A chatroom message, {@code text} as the server will relay it. */
    private record Chat(String text, byte[] bytes) {}

    /** A line of the server's conversation before the name is accepted (a password): sent as typed, not shown. */
    private record Reply(byte[] bytes) {}
    private ServerConnection connection;
    private PeerSocket peers;
    private LabDirectSender directs;
    private Map<String, String> users;
    private boolean sending;
    private boolean quitting;

    public ClientSession(ClientConfig config, ClientOutput output) {
        this.config = config;
        this.output = output;
    }

    private String name;

    /** Binds the UDP socket, connects, and sends the name. */
    @Override
    public void start(String name) throws IOException {
        this.name = name;
        try {
            peers = PeerSocket.bind(group, config.bindAddress(), config.udpPort(), this::onDatagram);
            directs = new LabDirectSender(output, peers::send, config.udpPort());
            connection = ServerConnection.connect(group, config.server(), config.port(), config.bindAddress(),
                    config.connectTimeout(), this::onServerEvent, this::onClosed);
        } catch (IOException e) {
            close();
            throw e;
        }
        gate.sent();
        connection.write(name.getBytes(StandardCharsets.UTF_8));
        output.connected(config.server(), name);
    }

    /** Before the server accepted the name, the next line waits (briefly) for its answer to the last one. */
    @Override
    public void awaitTurn() {
        if (!firstMap.isDone()) {
            gate.await(config.replyWait());
        }
    }

    @Override
    public synchronized boolean nextLineIsSecret() {
        return users == null && secretNext;
    }

    @Override
    public int refused() {
        return refused.get();
    }

    /** Messages typed but never written (the connection ended first, or the input ended before the server took the name). */
    @Override
    public synchronized int undelivered() {
        return outgoing.size();
    }

    @Override
    public boolean nameRefused() {
        return closedBeforeMap;
    }

    /** Completes with the reason when the connection to the server ends. */
    @Override
    public CompletableFuture<String> ended() {
        return ended;
    }

    /** The UDP port direct messages arrive on (useful when the config asked for port 0). */
    @Override
    public CompletableFuture<Void> registered() {
        return firstMap;
    }

    @Override
    public int udpPort() {
        return peers.localAddress().getPort();
    }

    public synchronized boolean isRegistered() {
        return users != null;
    }

    @Override
    public synchronized Optional<Map<String, String>> users() {
        return Optional.ofNullable(users).map(LinkedHashMap::new);
    }

    /** Acts on one line the user typed. Returns false once the user asked to quit. */
    @Override
    public boolean submit(String line) {
        synchronized (this) {
            if (secretNext && users == null) {
                // The answer to the server's password prompt: sent as it is (in clear text: the lab wire has no other
                // way), never parsed as a command and never shown.
                secretNext = false;
                enqueue(new Reply(line.getBytes(StandardCharsets.UTF_8)));
                return true;
            }
        }
        UserInput input = UserInput.parse(line);
        switch (input.kind()) {
            case CHATROOM -> sendToChatroom(((UserInput.Chatroom) input).text());
            // The lab wire has no actions: say it as the server renders a v2 action for lab clients.
            case ACTION -> sendToChatroom("* " + name + " " + ((UserInput.Action) input).text());
            case DIRECT -> enqueue(input);
            case LIST_USERS -> output.listUsers(users().orElse(null));
            case HELP -> output.help();
            case ROOM, HISTORY, SEARCH -> {
                refused.incrementAndGet();
                output.problem(input.kind() == UserInput.Kind.ROOM ? RoomTexts.LAB_WIRE : HistoryTexts.LAB_WIRE);
            }
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

    /**
     * Sends what is still queued, then closes the connection so the room sees the leave. Completes when the
     * connection is closed.
     */
    @Override
    public CompletableFuture<Void> finish() {
        CompletableFuture<Void> flushed;
        synchronized (this) {
            quitting = true;
            // What waits for a user map that has not come stays unsent: the input is over, so nothing will answer
            // a prompt and no map may ever come.
            if (ended.isDone() || outgoing.isEmpty() && !sending || !canSend(outgoing.peek())) {
                flushed = CompletableFuture.completedFuture(null);
            } else {
                drained = drained == null ? new CompletableFuture<>() : drained;
                flushed = drained.completeOnTimeout(null, config.drainTimeout().toNanos(), TimeUnit.NANOSECONDS);
            }
        }
        return flushed.thenCompose(ignored -> {
            if (connection == null) {
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> closed = new CompletableFuture<>();
            connection.close().addListener(f -> closed.complete(null));
            return closed;
        });
    }

    private synchronized void sendToChatroom(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        // Before the map, once the server has spoken, a line answers it rather than speaking to the room.
        enqueue(users == null && serverSpoke ? new Reply(bytes) : new Chat(text, bytes));
    }

    private synchronized void enqueue(Object message) {
        if (ended.isDone()) {
            refused.incrementAndGet();
            output.problem("not connected to the server; the message was not sent");
            return;
        }
        outgoing.add(message);
        drain();
    }

    /**
     * Whether {@code next} may go now: anything once the name is accepted; before that, writes to a server that has
     * spoken (its conversation), while direct messages wait for the map that says where peers are.
     */
    private boolean canSend(Object next) {
        return users != null || serverSpoke && !(next instanceof UserInput.Direct);
    }

    /** Sends what is queued, in order, as far as it may go; after a write the next waits for the gap. */
    private synchronized void drain() {
        while (!sending && !outgoing.isEmpty() && canSend(outgoing.peek())) {
            Object next = outgoing.poll();
            if (next instanceof UserInput.Direct direct) {
                sendDirect(direct);
                continue;
            }
            byte[] bytes;
            if (next instanceof Chat chat) {
                bytes = chat.bytes();
                if (users != null) {
                    output.sent(name, chat.text()); // before the map, a line typed ahead answers the server instead
                }
            } else {
                bytes = ((Reply) next).bytes();
            }
            if (users == null) {
                gate.sent(); // part of the server's conversation: the next line waits for its answer
            }
            sending = true;
            connection.write(bytes).addListener(written -> connection.eventLoop().schedule(() -> {
                synchronized (this) {
                    sending = false;
                    drain();
                }
            }, config.minSendGap().toNanos(), TimeUnit.NANOSECONDS));
        }
        if (drained != null && !sending && (outgoing.isEmpty() || !canSend(outgoing.peek()))) {
            drained.complete(null);
        }
    }

    private void sendDirect(UserInput.Direct direct) {
        String address = users.get(direct.recipient());
        if (address == null) {
            output.unknownRecipient(direct.recipient()); // as the lab's client answers; not a fault of the line
            return;
        }
        if (!directs.send(direct.recipient(), address, direct.payload())) {
            refused.incrementAndGet();
        }
    }

    private void onServerEvent(LabServerEvent event) {
        if (event instanceof LabServerEvent.UserMap map) {
            onUserMap(map.users());
        } else if (event instanceof LabServerEvent.Text text) {
            synchronized (this) {
                if (users == null) {
                    // Before the map, the server's words are a conversation (chatlab's own login, or a lab server's
                    // prompt): the next line answers them, hidden when they ask for a password.
                    serverSpoke = true;
                    secretNext = text.text().toLowerCase(Locale.ROOT).contains("password");
                }
            }
            output.chatroom(text.text());
            synchronized (this) {
                drain();
            }
        }
        gate.answered();
    }

    private void onUserMap(Map<String, String> next) {
        Map<String, String> previous;
        synchronized (this) {
            previous = users;
            users = new LinkedHashMap<>(next);
        }
        output.userMap(next);
        firstMap.complete(null);
        if (previous != null) {
            RosterDiff.between(previous, next).show(output);
        }
        drain();
    }

    private void onDatagram(InetSocketAddress sender, byte[] payload) {
        String source = LabFormat.address(sender.getAddress());
        Optional<String> name;
        synchronized (this) {
            name = DatagramSenders.firstAt(users, source); // as the lab does: the first registered name at that address
        }
        output.direct(name, source, new String(payload, StandardCharsets.UTF_8));
    }

    private void onClosed(String reason) {
        boolean expected;
        synchronized (this) {
            expected = quitting;
            closedBeforeMap = users == null && !quitting;
            if (drained != null) {
                drained.complete(null);
            }
        }
        gate.answered();
        if (!expected) {
            output.disconnected(reason);
        }
        ended.complete(reason);
    }

    @Override
    public void close() {
        if (connection != null) {
            connection.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        if (peers != null) {
            peers.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
