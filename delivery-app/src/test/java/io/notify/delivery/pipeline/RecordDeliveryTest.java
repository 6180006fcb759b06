package io.notify.delivery.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.notify.contract.Topics;
import io.notify.delivery.Notifications;
import io.notify.delivery.ScriptedAdapter;
import io.notify.delivery.ledger.DeliveryLedger;
import io.notify.delivery.metrics.DeliveryMetrics;
import io.notify.delivery.provider.SendOutcome;
import io.notify.delivery.provider.resilience.ResilienceSettings;
import io.notify.delivery.provider.resilience.ResilientProvider;
import io.notify.delivery.retry.RetryTiers;
import io.notify.delivery.retry.RetryTopics;
import io.notify.runtime.deadletter.DeadLetterHeaders;
import io.notify.runtime.topics.UserPartition;
import io.notify.schemas.Channel;
import io.notify.schemas.DeliveryState;
import io.notify.schemas.NotificationStatus;
import io.notify.schemas.SmsNotification;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** One record's way from the provider's answer to the Kafka writes, with the provider behind its real circuit. */
class RecordDeliveryTest {

    private static final RetryTiers TIERS = RetryTiers.parse("5s,1m");
    private static final Executor SAME_THREAD = Runnable::run;

    private final MockProducer<String, byte[]> producer = new MockProducer<>(statusTopic(6), true, null,
            new StringSerializer(), new ByteArraySerializer());
    private final List<NotificationStatus> statuses = new CopyOnWriteArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void shouldKeepTheNotificationForRetryOpenTheCircuitAndCountAnAlertWhenCredentialsAreRefused() {
        SmsNotification sms = Notifications.sms("n-refused", "u-1");
        ScriptedAdapter<SmsNotification> twilio = new ScriptedAdapter<SmsNotification>("twilio", NotificationType.SMS, Duration.ZERO)
                .script("n-refused", new SendOutcome.ProviderRejectedCredentials("twilio:20003"));
        try (ResilientProvider<SmsNotification> guarded = new ResilientProvider<>(twilio,
                new ResilienceSettings(50f, 20, 10, Duration.ofSeconds(30), 3, 1000, Duration.ofSeconds(1)))) {
            RecordDelivery<SmsNotification> delivery = delivery(guarded, sms);

            delivery.deliver(new ConsumerRecord<>(Topics.channel(Channel.SMS), 0, 7L, "u-1", new byte[] {1}),
                    new KeyedSequencer(SAME_THREAD)).join();

            assertThat(guarded.isOpen()).isTrue();
            assertThat(producer.history()).extracting(ProducerRecord::topic)
                    .containsExactlyInAnyOrder(RetryTopics.of(Channel.SMS, TIERS.all().get(0)), Topics.STATUS);
            assertThat(statuses).singleElement().satisfies(status -> {
                assertThat(status.getState()).isEqualTo(DeliveryState.RETRYING);
                assertThat(status.getReason()).isEqualTo("twilio:20003");
            });
            assertThat(producer.history()).filteredOn(record -> record.topic().equals(Topics.STATUS))
                    .as("keyed by notification id, on the user's partition")
                    .singleElement().satisfies(record -> {
                        assertThat(record.key()).isEqualTo("n-refused");
                        assertThat(record.partition()).isEqualTo(UserPartition.of("u-1", 6));
                    });
            assertThat(registry.get("notify.delivery.credentials.rejected").tag("channel", "sms").tag("provider", "twilio")
                    .counter().count()).isEqualTo(1.0);
        }
    }

    @Test
    void shouldDeferANotificationOnItsLastAttemptWithoutUsingItWhenTheCircuitRefusesTheSend() {
        SmsNotification sms = Notifications.sms("n-deferred", "u-2");
        ScriptedAdapter<SmsNotification> twilio = new ScriptedAdapter<>("twilio", NotificationType.SMS, Duration.ZERO);
        try (ResilientProvider<SmsNotification> guarded = new ResilientProvider<>(twilio,
                new ResilienceSettings(50f, 20, 10, Duration.ofSeconds(30), 3, 1000, Duration.ofSeconds(1)))) {
            guarded.circuitBreaker().transitionToOpenState();
            RecordDelivery<SmsNotification> delivery = delivery(guarded, sms);
            RecordHeaders twoAttemptsMade = new RecordHeaders();
            DeadLetterHeaders.stamp(twoAttemptsMade, new DeadLetterHeaders.DeadLetter(
                    "http:503", Optional.empty(), 2, Topics.channel(Channel.SMS), 0, 7L));

            delivery.deliver(new ConsumerRecord<>(RetryTopics.of(Channel.SMS, TIERS.all().get(1)), 0, 3L, 0L, TimestampType.CREATE_TIME,
                    2, 1, "u-2", new byte[] {1}, twoAttemptsMade, Optional.empty()), new KeyedSequencer(SAME_THREAD)).join();

            assertThat(twilio.callsFor("n-deferred")).isZero();
            ProducerRecord<String, byte[]> copy = producer.history().stream()
                    .filter(record -> !record.topic().equals(Topics.STATUS)).findFirst().orElseThrow();
            assertThat(copy.topic()).as("the first tier as long as the circuit's wait").isEqualTo(RetryTopics.of(Channel.SMS, TIERS.all().get(1)));
            assertThat(DeadLetterHeaders.read(copy.headers(), DeadLetterHeaders.ATTEMPT)).contains("2");
            assertThat(statuses).singleElement().satisfies(status -> {
                assertThat(status.getState()).isEqualTo(DeliveryState.RETRYING);
                assertThat(status.getReason()).isEqualTo("circuit_open:twilio");
            });
            assertThat(registry.get("notify.delivery.deferred").tag("channel", "sms").counter().count()).isEqualTo(1.0);
        }
    }

    private static Cluster statusTopic(int partitions) {
        Node broker = new Node(0, "localhost", 9092);
        return new Cluster("test", List.of(broker), IntStream.range(0, partitions)
                .mapToObj(p -> new PartitionInfo(Topics.STATUS, p, broker, new Node[] {broker}, new Node[] {broker})).toList(),
                Set.of(), Set.of());
    }

    @Test
    void shouldSuppressANotificationWhoseExpiryPassedWithoutAskingTheProvider() {
        Instant now = Instant.parse("2026-12-03T12:00:00Z");
        SmsNotification late = expiringAt(Notifications.sms("n-late", "u-3"), now);
        SmsNotification timely = expiringAt(Notifications.sms("n-timely", "u-3"), now.plusSeconds(1));
        ScriptedAdapter<SmsNotification> twilio = new ScriptedAdapter<>("twilio", NotificationType.SMS, Duration.ZERO);
        try (ResilientProvider<SmsNotification> guarded = new ResilientProvider<>(twilio,
                new ResilienceSettings(50f, 20, 10, Duration.ofSeconds(30), 3, 1000, Duration.ofSeconds(1)))) {
            Clock clock = Clock.fixed(now, ZoneOffset.UTC);

            delivery(guarded, late, clock).deliver(new ConsumerRecord<>(Topics.channel(Channel.SMS), 0, 1L, "u-3", new byte[] {1}),
                    new KeyedSequencer(SAME_THREAD)).join();
            delivery(guarded, timely, clock).deliver(new ConsumerRecord<>(Topics.channel(Channel.SMS), 0, 2L, "u-3", new byte[] {1}),
                    new KeyedSequencer(SAME_THREAD)).join();

            assertThat(twilio.callsFor("n-late")).isZero();
            assertThat(twilio.callsFor("n-timely")).isEqualTo(1);
            assertThat(statuses).extracting(NotificationStatus::getNotificationId, NotificationStatus::getState, NotificationStatus::getReason)
                    .containsExactly(tuple("n-late", DeliveryState.SUPPRESSED, OutcomeWriter.EXPIRED),
                            tuple("n-timely", DeliveryState.SENT, null));
            assertThat(registry.get("notify.delivery.expired").tag("channel", "sms").counter().count()).isEqualTo(1.0);
        }
    }

    private static SmsNotification expiringAt(SmsNotification sms, Instant at) {
        sms.getMeta().setExpiresAt(at);
        return sms;
    }

    private RecordDelivery<SmsNotification> delivery(ResilientProvider<SmsNotification> provider, SmsNotification decoded) {
        return delivery(provider, decoded, Clock.systemUTC());
    }

    private RecordDelivery<SmsNotification> delivery(ResilientProvider<SmsNotification> provider, SmsNotification decoded, Clock clock) {
        OutcomeWriter writer = new OutcomeWriter(producer, (topic, status) -> {
            statuses.add(status);
            return new byte[] {2};
        }, (topic, feedback) -> new byte[] {3}, new NothingSent(), clock);
        return new RecordDelivery<>(NotificationType.SMS, provider, (topic, bytes) -> decoded, new NothingSent(),
                new OutcomeRouting(TIERS, false), writer, new DeliveryMetrics(registry), Duration.ofSeconds(5), SAME_THREAD, clock);
    }

    /** A ledger that has seen no notification sent yet. */
    private static final class NothingSent implements DeliveryLedger {

        @Override
        public boolean isSent(String notificationId) {
            return false;
        }

        @Override
        public CompletableFuture<Void> recordSent(int partition, String notificationId, String providerMessageId) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
        }
    }
}
