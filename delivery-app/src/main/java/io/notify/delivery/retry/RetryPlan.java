package io.notify.delivery.retry;

import java.time.Duration;

/**
 * Where a failed attempt waits: a tier, plus {@code extraDelay} when the provider's Retry-After
 * is longer than the longest tier. The extra delay is carried in the retry record's timestamp
 * (due time = timestamp + tier delay), so no header beyond the dead-letter ones is needed.
 */
public record RetryPlan(RetryTier tier, Duration extraDelay) {

    public Duration totalDelay() {
        return tier.delay().plus(extraDelay);
    }
}
