package chatlab.cluster;

import chatlab.history.MessageLogException.Reason;
import chatlab.history.MessageLogException;
import io.nats.client.JetStreamApiException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** Turns what the NATS client throws into the log's {@link MessageLogException}, with a sentence a user can read. */
final class BrokerFailures {
    /** JetStream's "insufficient resources" and "storage resources exceeded" (nats-server errors.json). */
    private static final int INSUFFICIENT_RESOURCES = 10023;
    private static final int STORE_FAILED = 10077;
    private static final int MAXIMUM_BYTES_REQUIRED = 10047;

    private BrokerFailures() {}

    static MessageLogException ofAppend(Throwable failure, Duration timeout) {
        Throwable t = unwrap(failure);
        if (t instanceof MessageLogException known) {
            return known;
        }
        if (t instanceof TimeoutException) {
            return new MessageLogException(Reason.IO, ClusterTexts.noAck(timeout), t);
        }
        if (causedBy(t, IllegalStateException.class) || causedBy(t, IOException.class)
                || causedBy(t, TimeoutException.class)) {
            // jnats: not connected while the link is down and buffers nothing; no JetStream answer (a broker that has
            // just restarted answers a moment later, once it has read its streams back)
            return new MessageLogException(Reason.IO, ClusterTexts.brokerAway(), t);
        }
        if (t instanceof JetStreamApiException api) {
            int code = api.getApiErrorCode();
            if (code == INSUFFICIENT_RESOURCES || code == STORE_FAILED || code == MAXIMUM_BYTES_REQUIRED) {
                return new MessageLogException(Reason.FULL, ClusterTexts.brokerFull(api.getErrorDescription()), t);
            }
            return new MessageLogException(Reason.FAILED, ClusterTexts.brokerRefused(api.getErrorDescription()), t);
        }
        return new MessageLogException(Reason.FAILED, ClusterTexts.brokerFailed(String.valueOf(t.getMessage())), t);
    }

    static MessageLogException ofRead(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof MessageLogException known) {
            return known;
        }
        return new MessageLogException(Reason.IO, ClusterTexts.brokerFailed(String.valueOf(t.getMessage())), t);
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
