package chatlab.client;

import chatlab.protocol.v2.ServerMessage;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The session's side of a password login ({@link ScramLogin} keeps the exchange): answering the server's challenge,
 * checking its proof in the welcome, a stronger verifier when it asks for one, and asking the user for a password
 * when the server wants one, then connecting again with it. Thread-safe as {@link ScramLogin} is; the slow steps
 * (PBKDF2, asking the user) run on the session's timer thread, never on the connection's.
 */
final class LoginSteps {
    private final ScramLogin login;
    private final PasswordSource passwordSource;
    private final ClientOutput output;
    private final ScheduledExecutorService timers;
    private final boolean tls;
    private final Supplier<String> name;
    private final Runnable connectNow;
    private final Consumer<String> end;

    /**
     * @param password   a password to log in with from the start, or null
     * @param connectNow connects again at once (with the password the user gave)
     * @param end        ends the session for the reason given
     */
    LoginSteps(String password, PasswordSource passwordSource, ClientOutput output, ScheduledExecutorService timers,
            boolean tls, Supplier<String> name, Runnable connectNow, Consumer<String> end) {
        this.login = new ScramLogin(password);
        this.passwordSource = passwordSource;
        this.output = output;
        this.timers = timers;
        this.tls = tls;
        this.name = name;
        this.connectNow = connectNow;
        this.end = end;
    }

    /** The hello's SCRAM-SHA-256 client-first message (RFC 7677); null to join without a password. */
    String clientFirst() {
        return login.clientFirst(name.get());
    }

    /** The server's challenge: answered with the proof. */
    void challenge(V2Connection from, ServerMessage.Challenge challenge) {
        try {
            from.send(login.answer(challenge.serverFirst()));
        } catch (ScramLogin.Failure e) {
            end.accept(e.getMessage());
        }
    }

    /**
     * A welcome: after a login it proves the server knows the verifier (mutual authentication); a rekey that came
     * before it is answered now.
     *
     * @return false when the proof failed (the session is ended)
     */
    boolean welcomed(V2Connection from, ServerMessage.Welcome welcome) {
        try {
            login.checkServer(welcome.scramFinal());
        } catch (ScramLogin.Failure e) {
            end.accept(e.getMessage());
            return false;
        }
        login.takeEarlyRekey().ifPresent(rekey -> rekey(from, rekey, true));
        return true;
    }

    /** The server keeps a weaker verifier than it wants: make one for its salt and count, from the password. */
    void rekey(V2Connection from, ServerMessage.Rekey rekey, boolean registered) {
        switch (login.rekey(rekey, registered, tls)) {
            case LATER -> { }
            case DECLINE -> output.info("the server asked for a new password verifier; not sent (only over TLS to a "
                    + "verified server, and only a stronger one)");
            case ANSWER -> timers.execute(() -> {
                from.send(login.verifier(rekey));
                output.info("the server asked for a stronger password verifier (" + rekey.iterations() + " iterations); sent");
            });
        }
    }

    /** The server wants a password for this name: ask once, then log in again with it. */
    void askForPassword(String why) {
        if (!login.startAsking()) {
            end.accept(why); // we sent one and it still says so: the server did not take SCRAM from us
            return;
        }
        timers.execute(() -> {
            Optional<String> given = passwordSource.password(name.get(), why);
            if (given.isEmpty() || given.get().isEmpty()) {
                end.accept(why + " (no password given)");
                return;
            }
            login.passwordGiven(given.get());
            connectNow.run();
        });
    }

    /** Between the server's demand for a password and the user's answer (its closing the connection is expected). */
    boolean awaitingPassword() {
        return login.awaitingPassword();
    }
}
