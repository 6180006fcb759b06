package io.notify.delivery.provider;

import java.time.Duration;
import java.util.Optional;

/**
 * What a provider answered, classified by what the pipeline must do next. Reasons are short
 * provider codes ({@code apns:BadDeviceToken}, {@code http:503}, {@code twilio:21211}), never
 * personal data.
 */
public sealed interface SendOutcome
        permits SendOutcome.Sent, SendOutcome.Retryable, SendOutcome.Permanent, SendOutcome.RecipientInvalid,
                SendOutcome.ProviderRejectedCredentials, SendOutcome.Deferred {

    /** Accepted by the provider. */
    record Sent(String providerMessageId) implements SendOutcome {}

    /** 5xx, 429, timeout or connection error: try again later, no earlier than {@code retryAfter} if given. */
    record Retryable(String reason, Optional<Duration> retryAfter) implements SendOutcome {
        public Retryable(String reason) {
            this(reason, Optional.empty());
        }
    }

    /** The request itself is wrong (bad payload, other 4xx): retrying cannot help. */
    record Permanent(String reason) implements SendOutcome {}

    /** The token, number or address is dead: stop targeting it, never retry. */
    record RecipientInvalid(String reason) implements SendOutcome {}

    /**
     * The provider refused our own credentials (a 401, APNs' InvalidProviderToken...): every send
     * would fail the same way, but the notification itself is fine. The provider's circuit opens at
     * once and the notification waits for a retry instead of being dead-lettered.
     */
    record ProviderRejectedCredentials(String reason) implements SendOutcome {}

    /**
     * The provider was not asked: its circuit or rate limiter turned the send away. Not an attempt,
     * so it uses no retry tier; the notification waits at least {@code retryAfter} and keeps the
     * attempts it had. Otherwise the sends a half-open circuit refuses around its probe would use up
     * the ladder of notifications the provider never saw, and end them DEAD.
     */
    record Deferred(String reason, Duration retryAfter) implements SendOutcome {}
}
