package io.notify.delivery.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.notify.schemas.Channel;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryTiersTest {

    private final RetryTiers tiers = RetryTiers.parse(RetryTiers.DEFAULT);

    @Test
    void shouldClimbOneTierPerFailedAttempt() {
        assertThat(tiers.planAfter(1, Optional.empty())).contains(new RetryPlan(RetryTier.parse("5s"), Duration.ZERO));
        assertThat(tiers.planAfter(2, Optional.empty())).contains(new RetryPlan(RetryTier.parse("1m"), Duration.ZERO));
        assertThat(tiers.planAfter(3, Optional.empty())).contains(new RetryPlan(RetryTier.parse("10m"), Duration.ZERO));
    }

    @Test
    void shouldGiveUpAfterTheLastTier() {
        assertThat(tiers.planAfter(4, Optional.empty())).isEmpty();
    }

    @Test
    void shouldRetryAfterHonouringRetryAfterHeaderByChoosingALongerTier() {
        RetryPlan plan = tiers.planAfter(1, Optional.of(Duration.ofSeconds(30))).orElseThrow();

        assertThat(plan.tier().name()).isEqualTo("1m");
        assertThat(plan.totalDelay()).isGreaterThanOrEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void shouldKeepTheAttemptTierWhenRetryAfterIsShorter() {
        RetryPlan plan = tiers.planAfter(2, Optional.of(Duration.ofSeconds(2))).orElseThrow();

        assertThat(plan.tier().name()).isEqualTo("1m");
        assertThat(plan.extraDelay()).isZero();
    }

    @Test
    void shouldDelayBeyondTheLastTierWhenRetryAfterIsLongerThanEveryTier() {
        RetryPlan plan = tiers.planAfter(1, Optional.of(Duration.ofMinutes(15))).orElseThrow();

        assertThat(plan.tier().name()).isEqualTo("10m");
        assertThat(plan.extraDelay()).isEqualTo(Duration.ofMinutes(5));
        assertThat(plan.totalDelay()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void shouldCapTheExtraDelaySoTheBrokerAcceptsTheRetryTimestamp() {
        RetryPlan plan = tiers.planAfter(1, Optional.of(Duration.ofHours(6))).orElseThrow();

        assertThat(plan.tier().name()).isEqualTo("10m");
        assertThat(plan.extraDelay()).isEqualTo(RetryTiers.MAX_EXTRA_DELAY);
    }

    @Test
    void shouldReadTierNamesAsTheirDurations() {
        assertThat(RetryTier.parse("250ms").delay()).isEqualTo(Duration.ofMillis(250));
        assertThat(RetryTier.parse("2h").delay()).isEqualTo(Duration.ofHours(2));
        assertThatThrownBy(() -> RetryTier.parse("5 minutes")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldNameRetryTopicsAfterChannelAndTier() {
        assertThat(RetryTopics.of(Channel.SMS, RetryTier.parse("1m"))).isEqualTo("notify.sms.retry.1m");
    }
}
