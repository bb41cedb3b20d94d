package chatlab.client;

import chatlab.client.p2p.DatagramSenders;
import chatlab.client.p2p.PeerSocket;
import chatlab.protocol.lab.LabFormat;
import chatlab.protocol.v2.ClientMessage;
import chatlab.protocol.v2.ErrorCode;
import chatlab.protocol.v2.PeerMessage;
import chatlab.protocol.v2.PeerMessageDecoder;
import chatlab.protocol.v2.PeerMessageEncoder;
import chatlab.protocol.v2.ServerMessage;
import chatlab.protocol.v2.UserInfo;
import chatlab.protocol.v2.Wire;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.NetUtil;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A session on chatlab's own wire (v2).
 *
 * <ul>
 *   <li>Every chatroom message gets an id and stays in the outbox until the server acknowledges it. When the
 *       server goes away the session reconnects with backoff and jitter, registers again, and resends the outbox
 *       with the same ids, so the server drops what it already had; what was typed meanwhile waits there too.
 *   <li>Messages and direct messages are shown once per (sender, id), so a resend never shows twice even when a
 *       restarted server could not recognise it.
 *   <li>Direct messages to v2 peers go over UDP and wait for the peer's acknowledgement, retried with backoff; when
 *       none comes they go through the server as a whisper. Lab peers get the lab's plain datagram. The user is told
 *       which path was taken. A direct message whose sender does not match the address and port the server
 *       announced for that name is shown as unverified.
 * </ul>
 */
public final class V2ClientSession implements ChatSession {
    private static final int SEEN_IDS = 4096;
    private static final int PROTOCOL_VERSION = 2;
    /** RFC 7677's floor for SCRAM-SHA-256. */
    private static final int MIN_ITERATIONS = 4096;
    private static final String SOFTWARE = "chatlab-client/" + version();

    private final ClientConfig config;
    private final ClientOutput output;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "chatlab-client-timers");
        thread.setDaemon(true);
        return thread;
    });
    private final PeerMessageEncoder peerEncoder = new PeerMessageEncoder();
    private final PeerMessageDecoder peerDecoder = new PeerMessageDecoder();
    private final String idPrefix = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36) + "-";
    private final AtomicLong nextId = new AtomicLong();
    private final LinkedHashMap<String, ClientMessage> outbox = new LinkedHashMap<>();
    /** Ids in the outbox still to be sent on this connection, in order; sent as the server's rate limit allows. */
    private final java.util.ArrayDeque<String> unsent = new java.util.ArrayDeque<>();
    private chatlab.protocol.TokenBucket sendTokens;
    private double messagesPerSecond = 1;
    private boolean pumpScheduled;
    /** Where a reconnect resumes: this server run and the last message seq seen in it. */
    private String epoch;
    private long lastSeq;
    private final Set<String> seen = java.util.Collections.newSetFromMap(new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > SEEN_IDS;
        }
    });
    private final Map<String, ScheduledFuture<?>> pendingDms = new HashMap<>();
    private final Map<String, String> pendingDmRecipients = new HashMap<>();
    private final CompletableFuture<String> ended = new CompletableFuture<>();
    /** The end of input: what is still owed to the server, waited for (reconnecting) up to the drain timeout. */
    private final Drain drain = new Drain();
    /**
     * Lines refused for what they are, here (an unknown command) or by the server (too long, control characters), or
     * not sent at all: a script's exit status says so. A direct message to someone not in the room is not counted.
     */
    private final java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
    /** The server refused the name itself (taken, breaks a rule): an interactive user may pick another. */
    private volatile boolean nameRefused;
    private final CompletableFuture<Void> firstWelcome = new CompletableFuture<>();
    private PeerSocket peers;
    private V2Connection connection;
    private String name;
    private Map<String, UserInfo> users;
    /** A welcome said the room follows in the next presence message; the state to compare it with on a reconnect. */
    private boolean snapshotPending;
    private Map<String, UserInfo> beforeSnapshot;
    private int resentBeforeSnapshot;
    /**
     * Direct messages to names not known yet, typed while the room was still on its way (the welcome names only this
     * client, the room follows in the next presence message): sent once it arrives, instead of refused as unknown.
     */
    private final List<UserInput.Direct> directsBeforeSnapshot = new ArrayList<>();
    static final int MAX_DIRECTS_BEFORE_SNAPSHOT = 100;
    private boolean registered;
    private boolean quitting;
    private boolean terminal;
    private int reconnectAttempt;
    private final PasswordSource passwordSource;
    /** Kept for the session (a reconnect logs in again); null until the server asks for one. */
    private String password;
    private com.ongres.scram.client.ScramClient scram;
    private boolean awaitingPassword;
    /** The PBKDF2 count the server's challenge named, and whether its scram_final checked out on this connection. */
    private int challengeIterations;
    private boolean serverVerified;
    /** A rekey that came before the welcome it follows (the server sends them from different threads). */
    private ServerMessage.Rekey earlyRekey;

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
        this.passwordSource = passwordSource;
        this.password = password;
    }

    @Override
    public void start(String name) throws IOException {
        this.name = name;
        if (peers == null) {
            peers = bindPeerSocket();
        }
        // On failure the caller may fix the cause (trust a certificate) and start again; close() frees everything.
        connectAndHello(); // "connected" is shown once the server has taken the name (its first welcome)
    }

    /**
     * Binds the UDP socket for this client alone (no SO_REUSEADDR): two clients sharing a port would get each
     * other's direct messages. When the port is taken, any free one is used and announced instead.
     */
    private PeerSocket bindPeerSocket() throws IOException {
        try {
            return PeerSocket.bind(group, config.bindAddress(), config.udpPort(), false, this::onDatagram);
        } catch (IOException taken) {
            if (config.udpPort() == 0) {
                throw taken;
            }
            PeerSocket any = PeerSocket.bind(group, config.bindAddress(), 0, false, this::onDatagram);
            output.info("UDP port " + config.udpPort() + " is taken (another client on this host?); direct messages come "
                    + "to port " + any.localAddress().getPort() + " instead. v2 peers learn it from the server; lab "
                    + "clients, which always send to port " + config.udpPort() + ", cannot reach you");
            return any;
        }
    }

    private void connectAndHello() throws IOException {
        V2Connection fresh = V2Connection.connect(group, config.server(), config.port(), config.bindAddress(),
                config.tls(), config.silentServer(), config.connectTimeout(), listener);
        String clientFirst = null;
        synchronized (this) {
            connection = fresh;
            scram = null;
            serverVerified = false;
            if (password != null) {
                // SCRAM-SHA-256 (RFC 7677): the password itself never crosses the wire.
                scram = com.ongres.scram.client.ScramClient.builder()
                        .advertisedMechanisms(List.of("SCRAM-SHA-256"))
                        .username(name)
                        .password(password.toCharArray())
                        .build();
                clientFirst = scram.clientFirstMessage().toString();
            }
        }
        ClientMessage.Resume resume;
        synchronized (this) {
            resume = epoch == null ? null : new ClientMessage.Resume(epoch, lastSeq);
        }
        fresh.send(new ClientMessage.Hello(PROTOCOL_VERSION, name, SOFTWARE, udpPort(), List.of("dm-ack", "whisper", "deflate"),
                clientFirst, resume));
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

    @Override
    public synchronized Optional<Map<String, String>> users() {
        return Optional.ofNullable(users).map(V2ClientSession::addresses);
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
        return outbox.size() + pendingDms.size() + directsBeforeSnapshot.size();
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
            case LIST_USERS -> output.listUsers(users().orElse(null));
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

    private synchronized void say(String text, boolean action) {
        if (terminal) {
            refused.incrementAndGet();
            output.problem("not connected to the server; the message was not sent");
            return;
        }
        if (outbox.size() >= ClientConfig.MAX_OUTBOX_MESSAGES) {
            refused.incrementAndGet();
            output.problem(outbox.size() + " messages are still waiting for the server; this one was not sent");
            return;
        }
        ClientMessage.Say say = new ClientMessage.Say(newId(), text, action);
        outbox.put(say.id(), say);
        unsent.addLast(say.id());
        outboxChanged();
        pump();
    }

    /**
     * Sends waiting messages as fast as the server's announced rate allows (from its welcome), so a burst of typed
     * or resent lines is paced instead of refused.
     */
    private synchronized void pump() {
        if (!registered || sendTokens == null) {
            return;
        }
        while (!unsent.isEmpty()) {
            ClientMessage next = outbox.get(unsent.peekFirst());
            if (next == null) {
                unsent.removeFirst(); // acknowledged or refused meanwhile
                continue;
            }
            if (!sendTokens.tryTake()) {
                if (!pumpScheduled) {
                    pumpScheduled = true;
                    long waitNanos = (long) (1e9 / messagesPerSecond);
                    timers.schedule(() -> {
                        synchronized (this) {
                            pumpScheduled = false;
                        }
                        pump();
                    }, waitNanos, TimeUnit.NANOSECONDS);
                }
                return;
            }
            unsent.removeFirst();
            connection.send(next);
        }
    }

    private String newId() {
        return idPrefix + nextId.incrementAndGet();
    }

    private void direct(UserInput.Direct direct) {
        UserInfo user;
        synchronized (this) {
            user = users == null ? null : users.get(direct.recipient());
            if (user == null && snapshotPending && directsBeforeSnapshot.size() < MAX_DIRECTS_BEFORE_SNAPSHOT) {
                directsBeforeSnapshot.add(direct);
                return;
            }
        }
        if (user == null) {
            // Not a fault of the line: whoever it was for is not here (the lab's client answers the same way).
            output.unknownRecipient(direct.recipient());
            return;
        }
        InetAddress ip = NetUtil.createInetAddressFromIpAddressString(user.address());
        if (user.wire() == Wire.LAB) {
            if (ip == null) {
                refused.incrementAndGet();
                output.problem("the server lists " + user.name() + " at '" + user.address() + "', not an IP address");
                return;
            }
            // A lab peer reads plain text and sends no acknowledgement: the lab's datagram, payload as typed.
            peers.send(new InetSocketAddress(ip, user.udpPort()), direct.payload().getBytes(StandardCharsets.UTF_8));
            output.directSent(user.name(), direct.payload());
            output.info("sent to " + user.name() + " over UDP (a lab client: no acknowledgement)");
            return;
        }
        String text = direct.payload().startsWith(" ") ? direct.payload().substring(1) : direct.payload();
        output.directSent(user.name(), text);
        String id = newId();
        if (ip == null || user.udpPort() == 0) {
            whisper(id, user.name(), text, user.name() + " takes no direct messages; sent through the server");
            return;
        }
        byte[] datagram = peerEncoder.encode(new PeerMessage.Dm(name, id, text, user.name()));
        sendDm(id, user.name(), text, new InetSocketAddress(ip, user.udpPort()), datagram, 1);
    }

    private void sendDm(String id, String to, String text, InetSocketAddress peer, byte[] datagram, int attempt) {
        peers.send(peer, datagram);
        ScheduledFuture<?> retry = timers.schedule(() -> {
            synchronized (this) {
                if (pendingDms.remove(id) == null) {
                    return; // acknowledged meanwhile
                }
                pendingDmRecipients.remove(id);
            }
            if (attempt < config.dmRetry().maxAttempts()) {
                sendDm(id, to, text, peer, datagram, attempt + 1);
            } else {
                whisper(id, to, text, to + " did not acknowledge over UDP after " + attempt
                        + " tries; sent through the server instead");
            }
        }, config.dmRetry().delay(attempt).toNanos(), TimeUnit.NANOSECONDS);
        synchronized (this) {
            pendingDms.put(id, retry);
            pendingDmRecipients.put(id, to);
        }
    }

    private void whisper(String id, String to, String text, String info) {
        synchronized (this) {
            ClientMessage.Whisper whisper = new ClientMessage.Whisper(id, to, text);
            outbox.put(id, whisper);
            unsent.addLast(id);
            outboxChanged();
            pump();
        }
        output.info(info);
    }

    private void onDatagram(InetSocketAddress sender, byte[] payload) {
        String source = LabFormat.address(sender.getAddress());
        Optional<PeerMessage> decoded = peerDecoder.decode(payload);
        if (decoded.isEmpty()) {
            // A lab client's direct message: plain text, so the sender is known only by where it came from. A name is
            // shown only for the address and port the server announced (a lab client sends from the lab's port).
            Optional<String> from;
            synchronized (this) {
                from = users == null ? Optional.empty() : DatagramSenders.announcedAt(users.values(), sender);
            }
            output.direct(from, from.isPresent() ? source : DatagramSenders.describe(sender),
                    new String(payload, StandardCharsets.UTF_8));
            return;
        }
        PeerMessage message = decoded.get();
        if (message instanceof PeerMessage.DmAck ack) {
            ScheduledFuture<?> retry;
            String recipient;
            synchronized (this) {
                retry = pendingDms.remove(ack.id());
                recipient = pendingDmRecipients.remove(ack.id());
            }
            if (retry != null) {
                retry.cancel(false);
                output.info("delivered to " + recipient + " directly over UDP");
                drain.settled(owed());
            }
            return;
        }
        PeerMessage.Dm dm = (PeerMessage.Dm) message;
        if (dm.to() != null && !dm.to().equals(name)) {
            return; // meant for another client sharing this address and port: not ours to show or acknowledge
        }
        peers.send(sender, peerEncoder.encode(new PeerMessage.DmAck(dm.id())));
        boolean verified;
        synchronized (this) {
            if (!seen.add(dm.from() + "\u0000" + dm.id())) {
                return; // a retry whose first copy arrived; the ack above was lost
            }
            verified = users != null && DatagramSenders.isAnnouncedAt(users.get(dm.from()), sender);
        }
        if (verified) {
            output.direct(Optional.of(dm.from()), source, dm.text());
        } else {
            output.unverifiedDirect(dm.from(), DatagramSenders.describe(sender), dm.text());
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

    private void showChangesWhileAway(Map<String, UserInfo> before, Map<String, UserInfo> now, int resent) {
        now.keySet().stream().filter(n -> !before.containsKey(n)).forEach(n -> output.joined(n, now.get(n).address()));
        before.keySet().stream().filter(n -> !now.containsKey(n)).forEach(output::left);
        output.info("back in the room" + (resent == 0 ? "" : "; resent " + resent
                + " message(s) the server had not acknowledged"));
    }

    /** Joins shown one by one up to this many per presence message; a storm is summed up in one line. */
    static final int JOINS_SHOWN_ONE_BY_ONE = 5;

    /** Leaves first (a name in both lists left and came back), then joins; one user-map update for all of them. */
    private void onPresence(ServerMessage.Presence presence) {
        List<String> gone = new ArrayList<>();
        List<UserInfo> arrived = new ArrayList<>();
        Map<String, String> map;
        boolean snapshot;
        Map<String, UserInfo> before;
        int resent;
        Map<String, UserInfo> now;
        List<UserInput.Direct> held;
        synchronized (this) {
            if (users == null) {
                return;
            }
            snapshot = snapshotPending;
            before = beforeSnapshot;
            resent = resentBeforeSnapshot;
            snapshotPending = false;
            beforeSnapshot = null;
            held = List.copyOf(directsBeforeSnapshot);
            directsBeforeSnapshot.clear();
            for (ServerMessage.Left left : presence.left()) {
                // After a fast reconnect the server may announce our old connection's leave: not news to show.
                if (users.remove(left.name()) != null && !left.name().equals(name)) {
                    gone.add(left.name());
                }
            }
            if (snapshot) {
                // The room in joining order, then whoever the welcome named (this client) after it.
                Map<String, UserInfo> ordered = new LinkedHashMap<>();
                presence.joined().forEach(user -> ordered.put(user.name(), user));
                users.forEach(ordered::putIfAbsent);
                users = ordered;
            }
            for (UserInfo user : presence.joined()) {
                users.put(user.name(), user);
                if (!user.name().equals(name)) {
                    arrived.add(user);
                }
            }
            map = addresses(users);
            now = snapshot && before != null ? new LinkedHashMap<>(users) : null; // only to show what changed
        }
        output.userMap(map);
        if (snapshot) {
            // The room as it was when we joined: not news, except what changed while we were away.
            if (before != null) {
                showChangesWhileAway(before, now, resent);
            }
            held.forEach(this::direct);
            return;
        }
        gone.forEach(output::left);
        if (arrived.size() <= JOINS_SHOWN_ONE_BY_ONE) {
            arrived.forEach(user -> output.joined(user.name(), user.address()));
        } else {
            output.info(arrived.size() + " users joined (" + arrived.get(0).name() + ", " + arrived.get(1).name()
                    + ", ...; #ls lists everyone)");
        }
    }

    private void onServerMessage(V2Connection from, ServerMessage message) {
        switch (message.type()) {
            case WELCOME -> onWelcome(from, (ServerMessage.Welcome) message);
            case JOINED -> {
                UserInfo user = ((ServerMessage.Joined) message).user();
                Map<String, String> map;
                synchronized (this) {
                    if (users == null) {
                        return;
                    }
                    users.put(user.name(), user);
                    map = addresses(users);
                }
                output.userMap(map);
                output.joined(user.name(), user.address());
            }
            case PRESENCE -> onPresence((ServerMessage.Presence) message);
            case DEFLATED -> onServerMessage(from, ((ServerMessage.Deflated) message).inner());
            case LEFT -> {
                String gone = ((ServerMessage.Left) message).name();
                Map<String, String> map;
                synchronized (this) {
                    if (users == null || users.remove(gone) == null) {
                        return;
                    }
                    map = addresses(users);
                }
                output.userMap(map);
                output.left(gone);
            }
            case MESSAGE -> {
                ServerMessage.Message m = (ServerMessage.Message) message;
                synchronized (this) {
                    lastSeq = Math.max(lastSeq, m.seq());
                }
                if (m.id() == null || firstSight(m.from(), m.id())) {
                    output.message(m.from(), m.text(), m.action());
                }
            }
            case ACK -> onAck((ServerMessage.Ack) message);
            case WHISPER -> {
                ServerMessage.Whisper w = (ServerMessage.Whisper) message;
                if (firstSight(w.from(), w.id())) {
                    output.direct(Optional.of(w.from()), "the server", w.text());
                }
            }
            case ERROR -> onError((ServerMessage.Error) message);
            case PING -> from.send(new ClientMessage.Pong(((ServerMessage.Ping) message).token()));
            case CHALLENGE -> onChallenge(from, (ServerMessage.Challenge) message);
            case REKEY -> onRekey(from, (ServerMessage.Rekey) message);
            default -> { }
        }
    }

    private synchronized boolean firstSight(String from, String id) {
        return seen.add(from + "\u0000" + id);
    }

    private void onChallenge(V2Connection from, ServerMessage.Challenge challenge) {
        com.ongres.scram.client.ScramClient current;
        synchronized (this) {
            current = scram;
        }
        if (current == null) {
            end("the server sent a login challenge this client did not ask for");
            return;
        }
        java.util.regex.Matcher count = java.util.regex.Pattern.compile("(?:^|,)i=(\\d{1,10})(?:,|$)")
                .matcher(challenge.serverFirst());
        int iterations = count.find() ? (int) Math.min(Integer.MAX_VALUE, Long.parseLong(count.group(1))) : 0;
        if (iterations < MIN_ITERATIONS) {
            // A low count makes the proof cheap to crack offline: a real chatlab server never asks for one.
            end("the server asked for " + iterations + " PBKDF2 iterations; at least " + MIN_ITERATIONS
                    + " are required (RFC 7677), so the password was not used");
            return;
        }
        synchronized (this) {
            challengeIterations = iterations;
        }
        try {
            current.serverFirstMessage(challenge.serverFirst());
            from.send(new ClientMessage.Proof(current.clientFinalMessage().toString()));
        } catch (com.ongres.scram.common.exception.ScramException | IllegalArgumentException e) {
            end("the server's login challenge is malformed: " + e.getMessage());
        }
    }

    /** The server keeps a weaker verifier than it wants: make one for its salt and count, from the password. */
    private void onRekey(V2Connection from, ServerMessage.Rekey rekey) {
        String secret;
        boolean safe;
        synchronized (this) {
            if (!serverVerified && !registered && scram != null) {
                earlyRekey = rekey; // answered once the welcome has proved the server
                return;
            }
            secret = password;
            // Only to a server that proved itself, only inside TLS (a verifier in clear lets an eavesdropper log in),
            // and only for a stronger one.
            safe = serverVerified && config.tls().isPresent()
                    && rekey.iterations() >= Math.max(MIN_ITERATIONS, challengeIterations);
        }
        if (secret == null || !safe) {
            output.info("the server asked for a new password verifier; not sent (only over TLS to a verified server, "
                    + "and only a stronger one)");
            return;
        }
        timers.execute(() -> {
            byte[] salt = java.util.Base64.getDecoder().decode(rekey.salt());
            var mechanism = com.ongres.scram.common.ScramMechanism.SCRAM_SHA_256;
            byte[] salted = com.ongres.scram.common.ScramFunctions.saltedPassword(mechanism,
                    com.ongres.scram.common.StringPreparation.SASL_PREPARATION, secret.toCharArray(), salt, rekey.iterations());
            byte[] stored = com.ongres.scram.common.ScramFunctions.storedKey(mechanism,
                    com.ongres.scram.common.ScramFunctions.clientKey(mechanism, salted));
            byte[] server = com.ongres.scram.common.ScramFunctions.serverKey(mechanism, salted);
            java.util.Base64.Encoder base64 = java.util.Base64.getEncoder();
            from.send(new ClientMessage.Rekeyed(base64.encodeToString(stored), base64.encodeToString(server)));
            output.info("the server asked for a stronger password verifier (" + rekey.iterations() + " iterations); sent");
        });
    }

    /** After a login the welcome proves the server knows the verifier: the client checks it (mutual authentication). */
    private boolean serverProvedItself(ServerMessage.Welcome welcome) {
        com.ongres.scram.client.ScramClient current;
        synchronized (this) {
            current = scram;
        }
        if (current == null) {
            return true;
        }
        if (welcome.scramFinal() == null) {
            // Without its proof we cannot tell this server from an impostor: do not chat under a password login.
            end("the server did not check your password, so it cannot prove it is the server you meant; "
                    + "the name is not protected there (join without a password to chat as a guest)");
            return false;
        }
        try {
            current.serverFinalMessage(welcome.scramFinal());
            synchronized (this) {
                serverVerified = true;
            }
            return true;
        } catch (com.ongres.scram.common.exception.ScramException | IllegalArgumentException e) {
            end("the server could not prove it knows your password (" + e.getMessage()
                    + "); it may not be the server you meant to reach");
            return false;
        }
    }

    private void onWelcome(V2Connection from, ServerMessage.Welcome welcome) {
        if (!serverProvedItself(welcome)) {
            return;
        }
        ServerMessage.Rekey pendingRekey;
        synchronized (this) {
            pendingRekey = earlyRekey;
            earlyRekey = null;
        }
        if (pendingRekey != null) {
            onRekey(from, pendingRekey);
        }
        Map<String, UserInfo> fresh = new LinkedHashMap<>();
        welcome.users().forEach(u -> fresh.put(u.name(), u));
        Map<String, UserInfo> before;
        List<ClientMessage> resend;
        synchronized (this) {
            if (from != connection) {
                return;
            }
            before = users;
            users = fresh;
            registered = true;
            reconnectAttempt = 0;
            if (!welcome.epoch().equals(epoch)) {
                epoch = welcome.epoch();
                lastSeq = 0;
            }
            messagesPerSecond = welcome.limits().messagesPerSecond();
            // The server's bucket for this connection starts full, less the token our hello took.
            sendTokens = new chatlab.protocol.TokenBucket(messagesPerSecond, Math.max(1, welcome.limits().burstMessages() - 1),
                    System::nanoTime);
            resend = List.copyOf(outbox.values());
            unsent.clear();
            outbox.keySet().forEach(unsent::addLast);
            if (welcome.usersFollow()) {
                // Set before anyone learns of the welcome, so a direct message typed from then on waits for the room.
                snapshotPending = true;
                beforeSnapshot = before;
                resentBeforeSnapshot = resend.size();
            }
        }
        pump();
        if (!firstWelcome.isDone()) {
            output.connected(config.server(), name);
        }
        firstWelcome.complete(null);
        if (welcome.usersFollow()) {
            return; // the room comes in the next presence message; the list (and what changed while away) is shown then
        }
        output.userMap(addresses(fresh));
        if (before != null) {
            showChangesWhileAway(before, fresh, resend.size());
        }
    }

    private void onAck(ServerMessage.Ack ack) {
        ClientMessage acked;
        synchronized (this) {
            acked = outbox.remove(ack.id());
            if (acked != null) {
                outboxChanged();
            }
        }
        if (acked instanceof ClientMessage.Say say) {
            output.acknowledged(name, say.text(), say.action(), ack.seq(), ack.duplicate());
        }
        drain.settled(owed()); // after the line above, so it is shown before anything the end of input prints
    }

    private void onError(ServerMessage.Error error) {
        if (error.code() == ErrorCode.RATE_LIMITED && error.ref() != null) {
            synchronized (this) {
                // Too fast for the server: keep it, send it again once the rate allows.
                if (outbox.containsKey(error.ref())) {
                    unsent.addFirst(error.ref());
                    sendTokens = new chatlab.protocol.TokenBucket(messagesPerSecond, 1, System::nanoTime);
                    sendTokens.tryTake();
                }
            }
            pump();
            return;
        }
        if (error.ref() != null) {
            boolean ours;
            synchronized (this) {
                // Refused for good (too long, unknown user): it will never be acknowledged.
                ours = outbox.remove(error.ref()) != null;
                if (ours) {
                    outboxChanged();
                }
            }
            if (ours && error.code() != ErrorCode.UNKNOWN_USER) {
                refused.incrementAndGet(); // the line itself was at fault (too long, control characters)
            }
        }
        if (!error.fatal()) {
            output.problem(error.message());
            drain.settled(owed());
            return;
        }
        if (error.code() == ErrorCode.AUTH_REQUIRED) {
            askForPassword(error.message());
            return;
        }
        boolean comesBack = error.code() == ErrorCode.SHUTDOWN || error.code() == ErrorCode.IDLE_TIMEOUT;
        if (comesBack) {
            output.info("the server said: " + error.message());
        } else if (error.code() == ErrorCode.LOGIN_FAILED) {
            output.problem(ClientTexts.loginFailed(name));
            end(error.message());
        } else {
            if (error.code() == ErrorCode.NAME_TAKEN || error.code() == ErrorCode.NAME_INVALID) {
                nameRefused = !firstWelcome.isDone();
            }
            end(error.message());
        }
    }

    /** The server wants a password for this name: ask once, then log in again with it. */
    private void askForPassword(String why) {
        synchronized (this) {
            if (password != null) {
                // We sent one and it still says so: the server did not take SCRAM from us.
                end(why);
                return;
            }
            awaitingPassword = true;
        }
        timers.execute(() -> {
            Optional<String> given = passwordSource.password(name, why);
            if (given.isEmpty() || given.get().isEmpty()) {
                end(why + " (no password given)");
                return;
            }
            synchronized (this) {
                password = given.get();
                awaitingPassword = false;
            }
            try {
                connectAndHello();
            } catch (ServerUnreachableException e) {
                scheduleReconnect(e.shortReason());
            } catch (IOException e) {
                scheduleReconnect(e.getMessage());
            }
        });
    }

    private void onClosed(V2Connection from, String reason) {
        boolean reconnect;
        synchronized (this) {
            if (from != connection || awaitingPassword) {
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
        scheduleReconnect(reason);
    }

    /** Still chatting, or the input has ended and something read is still owed to the server. */
    private synchronized boolean wantsServer() {
        return !terminal && (!quitting || drain.active() && owed() > 0);
    }

    private void scheduleReconnect(String reason) {
        int attempt;
        synchronized (this) {
            if (!wantsServer()) {
                return; // the drain ended meanwhile: nothing more to say
            }
            attempt = ++reconnectAttempt;
        }
        if (attempt > config.reconnect().maxAttempts()) {
            end("gave up reaching the server after " + (attempt - 1) + " attempts (" + reason + ")");
            return;
        }
        java.time.Duration delay = config.reconnect().delay(attempt);
        // One short line per attempt: the loss with its reason, then each failed try with its own.
        output.info(attempt == 1 ? ClientTexts.lostServer(reason, delay)
                : ClientTexts.stillNoServer(reason, attempt - 1, delay));
        timers.schedule(() -> {
            if (!wantsServer()) {
                return;
            }
            try {
                connectAndHello();
            } catch (ServerUnreachableException e) {
                scheduleReconnect(e.shortReason());
            } catch (IOException e) {
                scheduleReconnect(e.getMessage());
            }
        }, delay.toNanos(), TimeUnit.NANOSECONDS);
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
            synchronized (this) {
                current = connection;
            }
            if (current == null || !current.isOpen()) {
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> closed = new CompletableFuture<>();
            current.send(new ClientMessage.Bye()).addListener(sent -> current.close().addListener(c -> closed.complete(null)));
            return closed;
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

    private static Map<String, String> addresses(Map<String, UserInfo> users) {
        Map<String, String> map = new LinkedHashMap<>();
        users.forEach((n, u) -> map.put(n, u.address()));
        return map;
    }

    private static String version() {
        String version = V2ClientSession.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
