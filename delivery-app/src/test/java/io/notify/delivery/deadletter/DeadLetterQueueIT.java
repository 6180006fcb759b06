package io.notify.delivery.deadletter;

import static io.notify.delivery.DeliveryHarness.PATIENCE;
import static io.notify.delivery.DeliveryHarness.statusesOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.notify.contract.Topics;
import io.notify.delivery.DeliveryApp;
import io.notify.delivery.DeliveryHarness;
import io.notify.delivery.Notifications;
import io.notify.delivery.ScriptedAdapter;
import io.notify.delivery.TopicReader;
import io.notify.delivery.pipeline.NotificationType;
import io.notify.delivery.provider.SendOutcome;
import io.notify.schemas.Channel;
import io.notify.schemas.DeliveryState;
import io.notify.schemas.EmailNotification;
import io.notify.schemas.NotificationStatus;
import io.notify.stack.LocalStackExtension;
import io.notify.stack.StackEndpoints;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalStackExtension.class)
class DeadLetterQueueIT {

    private final DeliveryHarness harness;
    private final DeadLetterQueue queue;

    DeadLetterQueueIT(StackEndpoints stack) {
        this.harness = new DeliveryHarness(stack);
        this.queue = new DeadLetterQueue(stack.kafka().clientProperties());
    }

    @AfterEach
    void closeHarness() {
        harness.close();
    }

    @Test
    void shouldListDeadLettersAndReplayOnlyThoseWithTheChosenReason() {
        String rejected = harness.id("email-rejected");
        String reasonCode = harness.id("sendgrid:400");
        ScriptedAdapter<EmailNotification> email = new ScriptedAdapter<EmailNotification>("sendgrid", NotificationType.EMAIL, Duration.ofMillis(10))
                .script(rejected, new SendOutcome.Permanent(reasonCode), new SendOutcome.Sent("after-fix"));
        String dlq = Topics.channelDlq(Channel.EMAIL);
        try (DeliveryApp app = harness.start(Map.of(Channel.EMAIL, email), Map.of());
             TopicReader<NotificationStatus> statuses = harness.statusReader()) {
            harness.produce(Channel.EMAIL, harness.id("user"), Notifications.email(rejected, harness.id("user")));
            statuses.readUntil(records -> !statusesOf(records, Set.of(rejected)).isEmpty(), PATIENCE);

            List<DeadLetterEntry> listed = queue.list(dlq, Optional.of(reasonCode));
            assertThat(listed).singleElement().satisfies(entry -> {
                assertThat(entry.attempt()).isEqualTo(1);
                assertThat(entry.originalTopic()).contains(Topics.channel(Channel.EMAIL));
            });
            assertThat(queue.list(dlq, Optional.of(harness.id("no-such-reason")))).isEmpty();

            List<DeadLetterEntry> replayed = queue.replay(dlq, Optional.of(reasonCode));

            assertThat(replayed).hasSize(1);
            List<NotificationStatus> steps = statusesOf(statuses.readUntil(
                    records -> statusesOf(records, Set.of(rejected)).size() >= 2, PATIENCE), Set.of(rejected));
            assertThat(steps).extracting(NotificationStatus::getState).containsExactly(DeliveryState.FAILED, DeliveryState.SENT);
            assertThat(steps.get(1).getAttempt()).isEqualTo(1);
            await().atMost(PATIENCE).until(() -> email.callsFor(rejected) == 2);
        }
    }

    @Test
    void shouldRunListAndReplayFromTheCommandLine() {
        String reason = harness.id("nothing-dead-here");
        int listed = DeadLetterCommand.run(harness.config(Map.of()), "list", "--topic", Topics.channelDlq(Channel.SMS), "--reason", reason);
        int replayed = DeadLetterCommand.run(harness.config(Map.of()), "replay", "--topic", Topics.channelDlq(Channel.SMS), "--reason", reason);
        int missingTopic = DeadLetterCommand.run(harness.config(Map.of()), "list");

        assertThat(listed).isZero();
        assertThat(replayed).isZero();
        assertThat(missingTopic).isNotZero();
    }
}
