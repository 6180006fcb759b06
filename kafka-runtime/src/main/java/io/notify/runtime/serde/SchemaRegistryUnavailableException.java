package io.notify.runtime.serde;

import java.io.IOException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The schema registry could not be reached, so a schema the serde had not cached could not be
 * registered or looked up. Transient, unlike bad data: the same record succeeds once the registry
 * is back, so a caller retries it rather than dead-lettering it.
 */
public final class SchemaRegistryUnavailableException extends SerializationException {

    SchemaRegistryUnavailableException(String registryUrl, String what, Throwable cause) {
        super("the schema registry at " + registryUrl + " is unreachable: cannot " + what
                + "; retry once the registry is back (" + rootOf(cause) + ")", cause);
    }

    /** The registry client wraps the network failure several times over; look for it anywhere in the chain. */
    static boolean isUnreachable(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException || cause instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String rootOf(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
