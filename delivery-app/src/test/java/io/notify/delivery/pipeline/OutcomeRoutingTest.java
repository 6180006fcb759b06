package io.notify.delivery.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.notify.delivery.provider.SendOutcome;
import io.notify.delivery.retry.RetryTiers;
import io.notify.schemas.DeliveryState;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OutcomeRoutingTest {

    private final OutcomeRouting push = new OutcomeRouting(RetryTiers.parse("5s,1m"), true);
    private final OutcomeRouting sms = new OutcomeRouting(RetryTiers.parse("5s,1m"), false);

    @Test
    void shouldMarkSentWithTheProviderMessageId() {
        assertThat(push.decide(new SendOutcome.Sent("apns-1"), 1)).isEqualTo(new RoutingDecision.MarkSent("apns-1"));
    }

    @Test
    void shouldScheduleARetryOnTheTierOfTheAttempt() {
        RoutingDecision decision = sms.decide(new SendOutcome.Retryable("http:503"), 2);

        assertThat(decision).isInstanceOfSatisfying(RoutingDecision.ScheduleRetry.class, retry -> {
            assertThat(retry.plan().tier().name()).isEqualTo("1m");
            assertThat(retry.reason()).isEqualTo("http:503");
        });
    }

    @Test
    void shouldHonourRetryAfterWhenSchedulingARetry() {
        RoutingDecision decision = sms.decide(new SendOutcome.Retryable("http:429", Optional.of(Duration.ofSeconds(20))), 1);

        assertThat(decision).isInstanceOfSatisfying(RoutingDecision.ScheduleRetry.class,
                retry -> assertThat(retry.plan().tier().name()).isEqualTo("1m"));
    }

    @Test
    void shouldDeadLetterAsDeadWhenRetriesAreUsedUp() {
        assertThat(sms.decide(new SendOutcome.Retryable("http:503"), 3))
                .isEqualTo(new RoutingDecision.DeadLetter(DeliveryState.DEAD, "retries_exhausted:http:503"));
    }

    @Test
    void shouldDeferASendTheCircuitRefusedOnTheTierOfItsWaitWhateverTheAttempt() {
        assertThat(sms.decide(new SendOutcome.Deferred("circuit_open:twilio", Duration.ofSeconds(30)), 3))
                .isInstanceOfSatisfying(RoutingDecision.Defer.class, defer -> {
                    assertThat(defer.plan().tier().name()).isEqualTo("1m");
                    assertThat(defer.reason()).isEqualTo("circuit_open:twilio");
                });
    }

    @Test
    void shouldDeadLetterAsFailedOnAPermanentError() {
        assertThat(push.decide(new SendOutcome.Permanent("apns:PayloadTooLarge"), 1))
                .isEqualTo(new RoutingDecision.DeadLetter(DeliveryState.FAILED, "apns:PayloadTooLarge"));
    }

    @Test
    void shouldKeepANotificationForRetryWhenTheProviderRefusesOurCredentials() {
        RoutingDecision decision = sms.decide(new SendOutcome.ProviderRejectedCredentials("twilio:20003"), 1);

        assertThat(decision).isInstanceOfSatisfying(RoutingDecision.ScheduleRetry.class, retry -> {
            assertThat(retry.plan().tier().name()).isEqualTo("5s");
            assertThat(retry.reason()).isEqualTo("twilio:20003");
        });
    }

    @Test
    void shouldInvalidatePushTokensButNeverRetryAnInvalidRecipient() {
        assertThat(push.decide(new SendOutcome.RecipientInvalid("apns:Unregistered"), 1))
                .isEqualTo(new RoutingDecision.InvalidateRecipient("apns:Unregistered", true));
        assertThat(sms.decide(new SendOutcome.RecipientInvalid("twilio:21211"), 1))
                .isEqualTo(new RoutingDecision.InvalidateRecipient("twilio:21211", false));
    }
}
