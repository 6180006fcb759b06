package io.notify.delivery.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import io.notify.sandbox.Fault;
import java.time.Duration;

/** Turns a corpus descriptor's {@code fault} into the sandbox's {@link Fault}. */
final class SandboxFaults {

    private SandboxFaults() {
    }

    static Fault of(JsonNode fault) {
        Duration duration = Duration.ofMillis(fault.path("durationMs").asLong(0));
        return switch (fault.path("kind").asText()) {
            case "BAD_REQUEST" -> Fault.badRequest();
            case "INVALID_RECIPIENT" -> Fault.invalidRecipient();
            case "UNREGISTERED" -> Fault.unregistered();
            case "TOO_MANY_REQUESTS" -> Fault.tooManyRequests(duration);
            case "INTERNAL_ERROR" -> Fault.internalError();
            case "UNAVAILABLE" -> duration.isZero() ? Fault.unavailable() : Fault.unavailable(duration);
            case "TIMEOUT" -> Fault.timeout(duration);
            default -> throw new IllegalArgumentException("unknown fault " + fault);
        };
    }
}
