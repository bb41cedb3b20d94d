package chatlab.client;

import chatlab.protocol.v2.ClientMessage;
import chatlab.protocol.v2.ServerMessage;
import com.ongres.scram.client.ScramClient;
import com.ongres.scram.common.ScramFunctions;
import com.ongres.scram.common.ScramMechanism;
import com.ongres.scram.common.StringPreparation;
import com.ongres.scram.common.exception.ScramException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A v2 client's password login, SCRAM-SHA-256 (RFC 5802, RFC 7677), once per connection: the client-first message
 * goes in the hello, the server's challenge is answered with the proof, and the welcome's server-final message must
 * prove that the server knows the verifier (mutual authentication) before the client chats under the name. The
 * password itself never crosses the wire; it is kept for the session, as a reconnect logs in again.
 *
 * <p>Also answers a rekey (the server keeps a weaker verifier than it wants): a new verifier for the server's salt
 * and count, only to a server that proved itself, only inside TLS (a verifier in clear lets an eavesdropper log in),
 * and only a stronger one.
 *
 * <p>Thread-safe; the SCRAM computations run outside its lock and nothing is called out while it is held.
 */
final class ScramLogin {
    /** RFC 7677's floor for SCRAM-SHA-256. */
    static final int MIN_ITERATIONS = 4096;
    /**
     * The most this client computes: 16 times OWASP's 600,000 for PBKDF2-HMAC-SHA256 (a few seconds here). A server
     * may not make the client hash for minutes (a count up to 2^31 - 1 is well-formed).
     */
    static final int MAX_ITERATIONS = 10_000_000;
    /** The iteration count in a server-first message (RFC 5802 section 7: {@code i=}). */
    private static final Pattern ITERATIONS = Pattern.compile("(?:^|,)i=(\\d{1,10})(?:,|$)");

    /** The login cannot go on; the message is the sentence for the user. */
    static final class Failure extends Exception {
        Failure(String message) {
            super(message);
        }
    }

    /** What to do with a rekey. */
    enum RekeyAnswer {
        /** It came before the welcome that proves the server: kept until then ({@link #takeEarlyRekey()}). */
        LATER,
        /** Not to this server, or not this verifier: the user is told, nothing is sent. */
        DECLINE,
        /** Send {@link #verifier}. */
        ANSWER
    }

    /** Null for a guest, until a password is given. */
    private String password;
    /** The exchange on the current connection; null without a password. */
    private ScramClient scram;
    private boolean awaitingPassword;
    /** The PBKDF2 count the server's challenge named, and whether its scram_final checked out on this connection. */
    private int challengeIterations;
    private boolean serverVerified;
    /** A rekey that came before the welcome it follows (the server sends them from different threads). */
    private ServerMessage.Rekey earlyRekey;

    /** @param password a password to log in with from the start, or null */
    ScramLogin(String password) {
        this.password = password;
    }

    /**
     * A new connection: starts an exchange when there is a password.
     *
     * @return the client-first message for the hello; null to join as a guest
     */
    synchronized String clientFirst(String name) {
        scram = null;
        serverVerified = false;
        if (password == null) {
            return null;
        }
        scram = ScramClient.builder()
                .advertisedMechanisms(List.of("SCRAM-SHA-256"))
                .username(name)
                .password(password.toCharArray())
                .build();
        return scram.clientFirstMessage().toString();
    }

    /** The server's challenge (its server-first message): the proof that answers it. */
    ClientMessage.Proof answer(String serverFirst) throws Failure {
        ScramClient current;
        synchronized (this) {
            current = scram;
        }
        if (current == null) {
            throw new Failure("the server sent a login challenge this client did not ask for");
        }
        Matcher count = ITERATIONS.matcher(serverFirst);
        int iterations = count.find() ? (int) Math.min(Integer.MAX_VALUE, Long.parseLong(count.group(1))) : 0;
        if (iterations < MIN_ITERATIONS) {
            // A low count makes the proof cheap to crack offline: a real chatlab server never asks for one.
            throw new Failure("the server asked for " + iterations + " PBKDF2 iterations; at least " + MIN_ITERATIONS
                    + " are required (RFC 7677), so the password was not used");
        }
        if (iterations > MAX_ITERATIONS) {
            throw new Failure("the server asked for " + iterations + " PBKDF2 iterations; this client computes at most "
                    + MAX_ITERATIONS + ", so the password was not used");
        }
        synchronized (this) {
            challengeIterations = iterations;
        }
        try {
            current.serverFirstMessage(serverFirst);
            return new ClientMessage.Proof(current.clientFinalMessage().toString());
        } catch (ScramException | IllegalArgumentException e) {
            throw new Failure("the server's login challenge is malformed: " + e.getMessage());
        }
    }

    /**
     * A welcome: after a login it must carry the server's proof that it knows the verifier.
     *
     * @param scramFinal the welcome's server-final message, or null
     * @throws Failure when the server did not prove itself: the client must not chat under a password login
     */
    void checkServer(String scramFinal) throws Failure {
        ScramClient current;
        synchronized (this) {
            current = scram;
        }
        if (current == null) {
            return; // a guest
        }
        if (scramFinal == null) {
            // Without its proof we cannot tell this server from an impostor: do not chat under a password login.
            throw new Failure("the server did not check your password, so it cannot prove it is the server you meant; "
                    + "the name is not protected there (join without a password to chat as a guest)");
        }
        try {
            current.serverFinalMessage(scramFinal);
        } catch (ScramException | IllegalArgumentException e) {
            throw new Failure("the server could not prove it knows your password (" + e.getMessage()
                    + "); it may not be the server you meant to reach");
        }
        synchronized (this) {
            serverVerified = true;
        }
    }

    /**
     * The server asked for a new verifier.
     *
     * @param registered whether the server has welcomed us on this connection
     * @param tls        whether the connection is inside TLS
     */
    synchronized RekeyAnswer rekey(ServerMessage.Rekey rekey, boolean registered, boolean tls) {
        if (!serverVerified && !registered && scram != null) {
            earlyRekey = rekey; // answered once the welcome has proved the server
            return RekeyAnswer.LATER;
        }
        boolean safe = serverVerified && tls && rekey.iterations() >= Math.max(MIN_ITERATIONS, challengeIterations);
        return password != null && safe ? RekeyAnswer.ANSWER : RekeyAnswer.DECLINE;
    }

    /** A rekey kept until the welcome ({@link RekeyAnswer#LATER}), now due; at most once. */
    synchronized Optional<ServerMessage.Rekey> takeEarlyRekey() {
        Optional<ServerMessage.Rekey> early = Optional.ofNullable(earlyRekey);
        earlyRekey = null;
        return early;
    }

    /** The verifier for the rekey's salt and count, from the password (PBKDF2: slow on purpose). */
    ClientMessage.Rekeyed verifier(ServerMessage.Rekey rekey) {
        String secret;
        synchronized (this) {
            secret = password;
        }
        byte[] salt = Base64.getDecoder().decode(rekey.salt());
        ScramMechanism mechanism = ScramMechanism.SCRAM_SHA_256;
        byte[] salted = ScramFunctions.saltedPassword(mechanism, StringPreparation.SASL_PREPARATION,
                secret.toCharArray(), salt, rekey.iterations());
        byte[] stored = ScramFunctions.storedKey(mechanism, ScramFunctions.clientKey(mechanism, salted));
        byte[] server = ScramFunctions.serverKey(mechanism, salted);
        Base64.Encoder base64 = Base64.getEncoder();
        return new ClientMessage.Rekeyed(base64.encodeToString(stored), base64.encodeToString(server));
    }

    /**
     * The server wants a password for the name: the user is to be asked for one.
     *
     * @return false when we sent one and the server still wants one (it did not take SCRAM from us)
     */
    synchronized boolean startAsking() {
        if (password != null) {
            return false;
        }
        awaitingPassword = true;
        return true;
    }

    /** The user gave a password: the next connection logs in with it. */
    synchronized void passwordGiven(String given) {
        password = given;
        awaitingPassword = false;
    }

    /** Between the server's demand for a password and the user's answer (its closing the connection is expected). */
    synchronized boolean awaitingPassword() {
        return awaitingPassword;
    }
}
