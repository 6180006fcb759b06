package io.notify.delivery.retry;

import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The backoff ladder of a channel. Failed attempt {@code n} (1-based) waits on tier {@code n-1},
 * or on a later tier when the provider asked for a longer Retry-After; after the last tier the
 * notification is dead.
 */
public final class RetryTiers {

    public static final String DEFAULT = "5s,1m,10m";

    /**
     * The extra wait rides in the record timestamp, and brokers reject timestamps more than an
     * hour ahead by default ({@code message.timestamp.after.max.ms}); a longer Retry-After is
     * honoured up to this and the provider is asked again then.
     */
    public static final Duration MAX_EXTRA_DELAY = Duration.ofMinutes(30);

    private final List<RetryTier> tiers;

    public RetryTiers(List<RetryTier> tiers) {
        if (tiers.isEmpty()) {
            throw new IllegalArgumentException("at least one retry tier is needed");
        }
        this.tiers = tiers.stream().sorted(Comparator.comparing(RetryTier::delay)).toList();
    }

    public static RetryTiers parse(String commaSeparated) {
        return new RetryTiers(Arrays.stream(commaSeparated.split(","))
                .filter(part -> !part.isBlank())
                .map(RetryTier::parse)
                .toList());
    }

    public List<RetryTier> all() {
        return tiers;
    }

    /** Empty when {@code failedAttempt} has used up every tier: the record goes to the DLQ. */
    public Optional<RetryPlan> planAfter(int failedAttempt, Optional<Duration> retryAfter) {
        int ladderIndex = Math.max(failedAttempt - 1, 0);
        if (ladderIndex >= tiers.size()) {
            return Optional.empty();
        }
        Duration wanted = retryAfter.orElse(Duration.ZERO);
        int index = ladderIndex;
        while (index < tiers.size() - 1 && tiers.get(index).delay().compareTo(wanted) < 0) {
            index++;
        }
        RetryTier tier = tiers.get(index);
        Duration extra = wanted.compareTo(tier.delay()) > 0 ? wanted.minus(tier.delay()) : Duration.ZERO;
        if (extra.compareTo(MAX_EXTRA_DELAY) > 0) {
            extra = MAX_EXTRA_DELAY;
        }
        return Optional.of(new RetryPlan(tier, extra));
    }

    /** Where a send that was turned away before reaching the provider waits: the first tier at least {@code wait} long. */
    public RetryPlan planDeferral(Duration wait) {
        return planAfter(1, Optional.of(wait)).orElseThrow();
    }
}
