package io.notify.delivery.pipeline;

import io.notify.delivery.provider.SendOutcome;
import io.notify.delivery.retry.RetryTiers;
import io.notify.schemas.DeliveryState;
import java.time.Duration;
import java.util.Optional;

/** Decides, from a provider's answer and the attempt number, where a record goes next. */
public final class OutcomeRouting {

    /** DLQ reason of a notification whose retry tiers are used up; the provider's last reason follows it. */
    public static final String RETRIES_EXHAUSTED = "retries_exhausted";

    private final RetryTiers tiers;
    private final boolean pushChannel;

    public OutcomeRouting(RetryTiers tiers, boolean pushChannel) {
        this.tiers = tiers;
        this.pushChannel = pushChannel;
    }

    /** {@code attempt} is 1 for the first send, 2 for the first retry, and so on. */
    public RoutingDecision decide(SendOutcome outcome, int attempt) {
        if (outcome instanceof SendOutcome.Sent sent) {
            return new RoutingDecision.MarkSent(sent.providerMessageId());
        }
        if (outcome instanceof SendOutcome.Retryable retryable) {
            return retry(attempt, retryable.reason(), retryable.retryAfter());
        }
        if (outcome instanceof SendOutcome.ProviderRejectedCredentials rejected) {
            // Nothing is wrong with the notification: it waits like any retry while the circuit, open now, pauses the channel.
            return retry(attempt, rejected.reason(), Optional.empty());
        }
        if (outcome instanceof SendOutcome.Deferred deferred) {
            return new RoutingDecision.Defer(tiers.planDeferral(deferred.retryAfter()), deferred.reason());
        }
        if (outcome instanceof SendOutcome.Permanent permanent) {
            return new RoutingDecision.DeadLetter(DeliveryState.FAILED, permanent.reason());
        }
        SendOutcome.RecipientInvalid invalid = (SendOutcome.RecipientInvalid) outcome;
        return new RoutingDecision.InvalidateRecipient(invalid.reason(), pushChannel);
    }

    private RoutingDecision retry(int attempt, String reason, Optional<Duration> retryAfter) {
        return tiers.planAfter(attempt, retryAfter)
                .<RoutingDecision>map(plan -> new RoutingDecision.ScheduleRetry(plan, reason))
                .orElseGet(() -> new RoutingDecision.DeadLetter(DeliveryState.DEAD, RETRIES_EXHAUSTED + ":" + reason));
    }
}
