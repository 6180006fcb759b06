package io.notify.delivery.pipeline;

import io.notify.contract.Topics;
import io.notify.delivery.ledger.DeliveryLedger;
import io.notify.delivery.retry.RetryPlan;
import io.notify.delivery.retry.RetryTopics;
import io.notify.runtime.deadletter.DeadLetterHeaders;
import io.notify.runtime.topics.Acknowledged;
import io.notify.schemas.Channel;
import io.notify.schemas.DeliveryState;
import io.notify.schemas.DeviceTokenInvalidated;
import io.notify.schemas.NotificationMeta;
import io.notify.schemas.NotificationStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes what a routing decision means to Kafka: status events, retry and dead-letter copies of
 * the original bytes, device feedback and ledger entries. The returned future completes when
 * every write is acknowledged; only then is the source record finished and its offset
 * committable.
 */
public final class OutcomeWriter {

    /** Reason of the SUPPRESSED status of a notification whose expiresAt passed before its provider was asked. */
    public static final String EXPIRED = "expired";

    private final Producer<String, byte[]> producer;
    private final StatusRecords statuses;
    private final Serializer<DeviceTokenInvalidated> feedbackSerializer;
    private final DeliveryLedger ledger;
    private final Clock clock;

    public OutcomeWriter(Producer<String, byte[]> producer, Serializer<NotificationStatus> statusSerializer,
                         Serializer<DeviceTokenInvalidated> feedbackSerializer, DeliveryLedger ledger, Clock clock) {
        this.producer = producer;
        this.statuses = new StatusRecords(producer, statusSerializer);
        this.feedbackSerializer = feedbackSerializer;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** Everything about one attempt that the writes need. */
    public record Attempt(Channel channel, String provider, ConsumerRecord<String, byte[]> record, RecordOrigin origin,
                          NotificationMeta meta, Optional<String> deviceToken) {
    }

    public CompletableFuture<Void> write(RoutingDecision decision, Attempt attempt) {
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        if (decision instanceof RoutingDecision.MarkSent sent) {
            writes.add(ledger.recordSent(attempt.record().partition(), attempt.meta().getNotificationId(), sent.providerMessageId()));
            writes.add(status(attempt, DeliveryState.SENT, null, sent.providerMessageId()));
        } else if (decision instanceof RoutingDecision.ScheduleRetry retry) {
            writes.add(retryCopy(attempt, retry.plan(), attempt.origin().attempt(), retry.reason()));
            writes.add(status(attempt, DeliveryState.RETRYING, retry.reason(), null));
        } else if (decision instanceof RoutingDecision.Defer defer) {
            writes.add(retryCopy(attempt, defer.plan(), attempt.origin().attempt() - 1, defer.reason()));
            writes.add(status(attempt, DeliveryState.RETRYING, defer.reason(), null));
        } else if (decision instanceof RoutingDecision.DeadLetter dead) {
            writes.add(deadLetter(attempt.record(), attempt.channel(), attempt.origin(), dead.reason()));
            writes.add(status(attempt, dead.state(), dead.reason(), null));
        } else if (decision instanceof RoutingDecision.Expire) {
            writes.add(status(attempt, DeliveryState.SUPPRESSED, EXPIRED, null));
        } else if (decision instanceof RoutingDecision.InvalidateRecipient invalid) {
            writes.add(status(attempt, DeliveryState.FAILED, "invalid_recipient:" + invalid.reason(), null));
            if (invalid.emitDeviceFeedback() && attempt.deviceToken().isPresent()) {
                writes.add(feedback(attempt, attempt.deviceToken().get(), invalid.reason()));
            }
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
    }

    /** For records that never became a notification (undecodable bytes): the DLQ and nothing else. */
    public CompletableFuture<Void> deadLetter(ConsumerRecord<String, byte[]> record, Channel channel, RecordOrigin origin, String reason) {
        return copy(record, Topics.channelDlq(channel), clock.millis(), origin, origin.attempt(), reason);
    }

    /** {@code attempts} is what the copy's ATTEMPT header says was tried so far; the next read is attempt {@code attempts + 1}. */
    private CompletableFuture<Void> retryCopy(Attempt attempt, RetryPlan plan, int attempts, String reason) {
        String topic = RetryTopics.of(attempt.channel(), plan.tier());
        long timestamp = clock.millis() + plan.extraDelay().toMillis();
        return copy(attempt.record(), topic, timestamp, attempt.origin(), attempts, reason);
    }

    private CompletableFuture<Void> copy(ConsumerRecord<String, byte[]> record, String topic, long timestamp,
                                         RecordOrigin origin, int attempts, String reason) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        DeadLetterHeaders.stamp(headers, new DeadLetterHeaders.DeadLetter(
                reason, Optional.empty(), attempts, origin.topic(), origin.partition(), origin.offset()));
        return send(new ProducerRecord<>(topic, origin.partition(), timestamp, record.key(), record.value(), headers));
    }

    private CompletableFuture<Void> status(Attempt attempt, DeliveryState state, String reason, String providerMessageId) {
        NotificationMeta meta = attempt.meta();
        NotificationStatus status = NotificationStatus.newBuilder()
                .setNotificationId(meta.getNotificationId())
                .setUserId(meta.getUserId())
                .setChannel(attempt.channel())
                .setState(state)
                .setReason(reason)
                .setProvider(attempt.provider())
                .setProviderMessageId(providerMessageId)
                .setAttempt(attempt.origin().attempt())
                .setOccurredAt(clock.instant())
                .setSourceEventId(meta.getSourceEventId())
                .setSourceEventType(meta.getSourceEventType())
                .build();
        return send(statuses.of(status));
    }

    private CompletableFuture<Void> feedback(Attempt attempt, String token, String reason) {
        DeviceTokenInvalidated invalidated = DeviceTokenInvalidated.newBuilder()
                .setDeviceToken(token)
                .setChannel(attempt.channel())
                .setUserId(attempt.meta().getUserId())
                .setProvider(attempt.provider())
                .setReason(reason)
                .setInvalidatedAt(clock.instant())
                .setNotificationId(attempt.meta().getNotificationId())
                .build();
        byte[] value = feedbackSerializer.serialize(Topics.DEVICE_FEEDBACK, invalidated);
        return send(new ProducerRecord<>(Topics.DEVICE_FEEDBACK, token, value));
    }

    private CompletableFuture<Void> send(ProducerRecord<String, byte[]> record) {
        return Acknowledged.send(producer, record);
    }
}
