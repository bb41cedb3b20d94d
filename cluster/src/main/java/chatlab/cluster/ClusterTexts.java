package chatlab.cluster;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/** Every sentence the cluster says: what a user or an operator is told when the broker cannot do something. */
final class ClusterTexts {
    private ClusterTexts() {}

    /** What an append's failure ends with, as the SQLite log's do: the message is not in the log (nor relayed). */
    private static final String NOT_STORED = ": message not stored";

    static String brokerAway() {
        return "the cluster's message broker is unreachable" + NOT_STORED;
    }

    static String noAck(Duration timeout) {
        return "the cluster's message broker did not acknowledge within " + timeout.toMillis() + " ms" + NOT_STORED;
    }

    static String brokerFull(String detail) {
        return "the cluster's message broker is out of storage (" + detail + ")" + NOT_STORED;
    }

    static String brokerRefused(String detail) {
        return "the cluster's message broker refused it (" + detail + ")" + NOT_STORED;
    }

    static String brokerFailed(String detail) {
        return "the cluster's message broker failed (" + detail + ")";
    }

    static String healthAway() {
        return "the cluster's message broker is unreachable";
    }

    static String noSearch() {
        return "search is not available on a cluster's message log (the broker's streams have no word index)";
    }

    static String seqNotAbove(String room, long seq, long last) {
        return "message " + seq + " of " + room + " is not above the room's last number " + last + NOT_STORED;
    }

    static String closed() {
        return "the cluster's message log is closed";
    }

    static String damaged(String room, long streamSeq, String detail) {
        return "message " + streamSeq + " in the stream of " + room + " is not a chatlab message (" + detail + ")";
    }

    /** What a whisper's sender is told when the broker is away. */
    static String whisperBrokerAway() {
        return "the cluster's message broker is unreachable: whisper not delivered";
    }

    /** What a whisper's sender is told when the recipient's server does not answer in time. */
    static String whisperNoAnswer(String to, Duration timeout) {
        return to + "'s server did not answer within " + timeout.toMillis() + " ms: whisper not delivered";
    }

    static String whisperBadAnswer(String detail) {
        return "the recipient's server answered something else (" + detail + "): whisper not delivered";
    }

    /** The files of the access options, as their errors and warnings name them. */
    static final String CA_FILE = "CA certificate file";
    static final String SEED_FILE = "NKey seed file";
    static final String CREDS_FILE = "NATS credentials file";
    static final String CERT_FILE = "TLS client certificate file";
    static final String KEY_FILE = "TLS client key file";

    /** {@code cannot use the NKey seed file user.nk: no such file}: never the file's content. */
    static String badFile(String kind, Path file, String problem) {
        return "cannot use the " + kind + " " + file + ": " + problem;
    }

    static String looseSecretFile(String kind, Path file, String modes) {
        return "the " + kind + " " + file + " may be read by others than its owner (" + modes + "): whoever reads it "
                + "can join the cluster as this server; chmod 600 " + file;
    }

    /** The brokers cannot keep a stream or bucket in the replicas asked for. */
    static String replicasRefused(String what, int replicas, String detail) {
        return "the broker cannot keep " + what + " in " + replicas + " replicas (" + detail + "): " + replicas
                + " replicas need a NATS cluster of at least " + replicas + " brokers with JetStream; a single "
                + "nats-server keeps 1";
    }

    static String clientCertificateMissing() {
        return "the broker asked for this server's TLS certificate and it has none";
    }

    static String clientCertificateRefused() {
        return "the broker asked for this server's TLS certificate and did not take the one it showed (is it signed by "
                + "a CA the broker trusts, and still valid?)";
    }

    /** Why a file could not be read, without its content. */
    static String unreadable(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        return e instanceof AccessDeniedException ? "permission denied"
                : "cannot read it (" + e.getMessage() + ")";
    }
}
