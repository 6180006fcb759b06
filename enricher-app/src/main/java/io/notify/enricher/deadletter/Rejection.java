package io.notify.enricher.deadletter;

import io.notify.enricher.intake.Origin;
import java.util.Optional;

/**
 * Why an input record goes to the dead-letter topic instead of becoming notifications. Passed
 * between operators of one sub-topology only, never serialized.
 */
public record Rejection(String reason, Optional<Throwable> error, Origin origin) {

    public static Rejection of(String reason, Origin origin) {
        return new Rejection(reason, Optional.empty(), origin);
    }

    public static Rejection of(String reason, Throwable error, Origin origin) {
        return new Rejection(reason, Optional.of(error), origin);
    }
}
