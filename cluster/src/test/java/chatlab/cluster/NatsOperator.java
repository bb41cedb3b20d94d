package chatlab.cluster;

import io.nats.client.NKey;
import io.nats.client.support.JsonSerializable;
import io.nats.client.support.JwtUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * A NATS operator for one test, as {@code nsc} would set one up: an operator, one account it signed with JetStream
 * enabled (unlimited memory and disk storage, streams and consumers), and users that account signs, written as
 * {@code .creds} files. {@link #config} is the nats-server configuration that trusts the operator and knows the account
 * (a memory resolver preloaded with its JWT). The claims follow nats-server 2.9's JWT v2 (nats-io/jwt v2:
 * {@code OperatorClaims}, {@code AccountClaims} with {@code limits} holding the JetStream limits {@code mem_storage},
 * {@code disk_storage}, {@code streams}, {@code consumer}; -1 is unlimited, 0 disables JetStream for the account).
 */
final class NatsOperator {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final NKey operator;
    private final String operatorJwt;
    private final NKey account;
    private final String accountJwt;
    private final NKey system;
    private final String systemJwt;

    private NatsOperator(NKey operator, String operatorJwt, NKey account, String accountJwt, NKey system,
            String systemJwt) {
        this.operator = operator;
        this.operatorJwt = operatorJwt;
        this.account = account;
        this.accountJwt = accountJwt;
        this.system = system;
        this.systemJwt = systemJwt;
    }

    static NatsOperator create() throws IOException, GeneralSecurityException {
        NKey operator = NKey.createOperator(RANDOM);
        String operatorPublic = new String(operator.getPublicKey());
        String operatorJwt = JwtUtils.issueJWT(operator, operatorPublic, "chatlab test operator", null,
                JwtUtils.currentTimeSeconds(), operatorPublic, claim("{\"type\":\"operator\",\"version\":2}"));
        NKey account = NKey.createAccount(RANDOM);
        // JetStream in operator mode needs a system account (nats-server 2.9.10 will not start without one).
        NKey system = NKey.createAccount(RANDOM);
        String systemJwt = JwtUtils.issueJWT(operator, new String(system.getPublicKey()), "SYS", null,
                JwtUtils.currentTimeSeconds(), operatorPublic, claim("{\"type\":\"account\",\"version\":2}"));
        return new NatsOperator(operator, operatorJwt, account, accountJwt(operator, account), system, systemJwt);
    }

    /** An account the operator signed, with JetStream enabled and nothing else limited. */
    private static String accountJwt(NKey operator, NKey account) throws IOException, GeneralSecurityException {
        String operatorPublic = new String(operator.getPublicKey());
        return JwtUtils.issueJWT(operator, new String(account.getPublicKey()), "chatlab", null,
                JwtUtils.currentTimeSeconds(), operatorPublic, claim("{\"limits\":{\"subs\":-1,\"data\":-1,"
                        + "\"payload\":-1,\"imports\":-1,\"exports\":-1,\"wildcards\":true,\"conn\":-1,\"leaf\":-1,"
                        + "\"mem_storage\":-1,\"disk_storage\":-1,\"streams\":-1,\"consumer\":-1},"
                        + "\"type\":\"account\",\"version\":2}"));
    }

    private static JsonSerializable claim(String json) {
        return () -> json;
    }

    /** nats-server's configuration in {@code dir}: trust the operator, know its account and its system account. */
    Path config(Path dir) throws IOException, GeneralSecurityException {
        String systemPublic = new String(system.getPublicKey());
        return Files.writeString(Files.createDirectories(dir).resolve("nats.conf"), "operator: " + operatorJwt + "\n"
                + "system_account: " + systemPublic + "\n"
                + "resolver: MEMORY\n"
                + "resolver_preload: {\n"
                + "  " + new String(account.getPublicKey()) + ": " + accountJwt + "\n"
                + "  " + systemPublic + ": " + systemJwt + "\n}\n");
    }

    /** A new user of the operator's account, its credentials written to {@code file} (owner-only). */
    Path user(Path file) throws IOException, GeneralSecurityException {
        return userOf(account, file, null, JwtUtils.currentTimeSeconds());
    }

    /** A user of an account this operator signed but the broker was never told of. */
    Path userOfAnUnknownAccount(Path file) throws IOException, GeneralSecurityException {
        NKey stranger = NKey.createAccount(RANDOM);
        accountJwt(operator, stranger);
        return userOf(stranger, file, null, JwtUtils.currentTimeSeconds());
    }

    /** A user whose JWT expired an hour ago. */
    Path expiredUser(Path file) throws IOException, GeneralSecurityException {
        long twoHoursAgo = JwtUtils.currentTimeSeconds() - 7200;
        return userOf(account, file, Duration.ofHours(1), twoHoursAgo);
    }

    private static Path userOf(NKey account, Path file, Duration expiration, long issuedAt)
            throws IOException, GeneralSecurityException {
        NKey user = NKey.createUser(RANDOM);
        String jwt = JwtUtils.issueUserJWT(account, new String(user.getPublicKey()), "chatlab server", expiration,
                issuedAt, new JwtUtils.UserClaim(new String(account.getPublicKey())));
        return creds(file, jwt, new String(user.getSeed()));
    }

    /** A credentials file as {@code nsc generate creds} writes one. */
    static Path creds(Path file, String jwt, String seed) throws IOException {
        Files.writeString(file, "-----BEGIN NATS USER JWT-----\n" + jwt + "\n------END NATS USER JWT------\n\n"
                + "************************* IMPORTANT *************************\n"
                + "NKEY Seed printed below can be used to sign and prove identity.\n"
                + "NKEYs are sensitive and should be treated as secrets.\n\n"
                + "-----BEGIN USER NKEY SEED-----\n" + seed + "\n------END USER NKEY SEED------\n\n"
                + "*************************************************************\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
