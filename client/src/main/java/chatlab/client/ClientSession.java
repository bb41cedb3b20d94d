package chatlab.client;

import chatlab.client.p2p.PeerSocket;
import chatlab.protocol.lab.LabFormat;
import chatlab.protocol.lab.LabServerEvent;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.NetUtil;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A lab-wire client session: registers the name, keeps the user map, sends chatroom messages over TCP and
 * direct messages over UDP, and reports everything to a {@link ClientOutput}.
 *
 * <p>What the user sends goes out in the order it was typed. Until the server confirms the name (with its first
 * user map) it waits in a queue; consecutive chatroom messages leave {@link ClientConfig#minSendGap()} between
 * them, so a lab server that treats each {@code recv()} as one message sees the name and every message apart. A
 * direct message typed after a chatroom message never overtakes it.
 */
public final class ClientSession implements ChatSession {
    private final ClientConfig config;
    private final ClientOutput output;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    /** Outgoing chatroom messages ({@code byte[]}) and direct messages ({@link UserInput.Direct}), in typed order. */
    private final Queue<Object> outgoing = new ArrayDeque<>();
    private final CompletableFuture<String> ended = new CompletableFuture<>();
    private final CompletableFuture<Void> firstMap = new CompletableFuture<>();
    /** The server asked for a password (a login on the lab wire): the next line typed goes to it at once. */
    private boolean passwordAsked;
    private CompletableFuture<Void> drained;
    private ServerConnection connection;
    private PeerSocket peers;
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
            connection = ServerConnection.connect(group, config.server(), config.port(), config.bindAddress(),
                    config.connectTimeout(), this::onServerEvent, this::onClosed);
        } catch (IOException e) {
            close();
            throw e;
        }
        connection.write(name.getBytes(StandardCharsets.UTF_8));
        output.connected(config.server(), name);
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
            if (passwordAsked && users == null) {
                // The lab wire's login: the password is the next line, sent as it is (in clear text, as the server said).
                passwordAsked = false;
                connection.write(line.getBytes(StandardCharsets.UTF_8));
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
            case QUIT -> {
                return false;
            }
            case NOTHING -> { }
            case INVALID -> output.problem(((UserInput.Invalid) input).problem());
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
            if (ended.isDone() || outgoing.isEmpty() && !sending) {
                flushed = CompletableFuture.completedFuture(null);
            } else {
                drained = drained == null ? new CompletableFuture<>() : drained;
                flushed = drained;
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

    private void sendToChatroom(String text) {
        enqueue(text.getBytes(StandardCharsets.UTF_8));
    }

    private synchronized void enqueue(Object message) {
        if (ended.isDone()) {
            output.problem("not connected to the server; the message was not sent");
            return;
        }
        outgoing.add(message);
        drain();
    }

    /** Sends what is queued, in order, once registered; after a chatroom message the next waits for the gap. */
    private synchronized void drain() {
        if (sending || users == null) {
            return;
        }
        Object next;
        while ((next = outgoing.poll()) instanceof UserInput.Direct direct) {
            sendDirect(direct);
        }
        if (next == null) {
            if (drained != null) {
                drained.complete(null);
            }
            return;
        }
        sending = true;
        connection.write((byte[]) next).addListener(written -> connection.eventLoop().schedule(() -> {
            synchronized (this) {
                sending = false;
                drain();
            }
        }, config.minSendGap().toNanos(), TimeUnit.NANOSECONDS));
    }

    private void sendDirect(UserInput.Direct direct) {
        String address = users.get(direct.recipient());
        if (address == null) {
            output.unknownRecipient(direct.recipient());
            return;
        }
        InetAddress ip = NetUtil.createInetAddressFromIpAddressString(address);
        if (ip == null) {
            output.problem("the server lists " + direct.recipient() + " at '" + address + "', which is not an IP address");
            return;
        }
        InetSocketAddress recipient = new InetSocketAddress(ip, config.udpPort());
        peers.send(recipient, direct.payload().getBytes(StandardCharsets.UTF_8)).addListener(sent -> {
            if (!sent.isSuccess()) {
                output.problem("could not send to " + direct.recipient() + ": " + sent.cause().getMessage());
            }
        });
    }

    private void onServerEvent(LabServerEvent event) {
        if (event instanceof LabServerEvent.UserMap map) {
            onUserMap(map.users());
        } else if (event instanceof LabServerEvent.Text text) {
            synchronized (this) {
                if (users == null && text.text().startsWith(LabFormat.SERVER_NAME + ": password for ")) {
                    passwordAsked = true;
                }
            }
            output.chatroom(text.text());
        }
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
            for (Map.Entry<String, String> user : next.entrySet()) {
                if (!previous.containsKey(user.getKey())) {
                    output.joined(user.getKey(), user.getValue());
                }
            }
            for (String name : previous.keySet()) {
                if (!next.containsKey(name)) {
                    output.left(name);
                }
            }
        }
        drain();
    }

    private void onDatagram(InetSocketAddress sender, byte[] payload) {
        String source = LabFormat.address(sender.getAddress());
        Optional<String> name;
        synchronized (this) {
            // As the lab does: the first registered name at that address.
            name = users == null ? Optional.empty()
                    : users.entrySet().stream().filter(e -> e.getValue().equals(source)).map(Map.Entry::getKey).findFirst();
        }
        output.direct(name, source, new String(payload, StandardCharsets.UTF_8));
    }

    private void onClosed(String reason) {
        boolean expected;
        synchronized (this) {
            expected = quitting;
            if (drained != null) {
                drained.complete(null);
            }
        }
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
