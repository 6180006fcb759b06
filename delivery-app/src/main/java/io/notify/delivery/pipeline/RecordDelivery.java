package io.notify.delivery.pipeline;

import io.micrometer.core.instrument.Counter;
import io.notify.delivery.ledger.DeliveryLedger;
import io.notify.delivery.metrics.DeliveryMetrics;
import io.notify.delivery.provider.ProviderAdapter;
import io.notify.delivery.provider.SendOutcome;
import io.notify.schemas.DeliveryState;
import io.notify.schemas.NotificationMeta;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One record's way through the channel: decode, skip if the ledger knows it as sent, suppress
 * it ({@code expired}) if its expiresAt has passed — first attempt or retry — send,
 * classify, write the consequences. The future completes when the record is finished (sent,
 * scheduled for retry or dead-lettered, and those writes acknowledged).
 */
public final class RecordDelivery<N extends SpecificRecord> implements RecordDeliverer {

    private static final Logger LOG = LoggerFactory.getLogger(RecordDelivery.class);

    /** DLQ reason of bytes that are not a readable notification of the channel's type. */
    public static final String UNDECODABLE = "undecodable";

    private final NotificationType<N> type;
    private final ProviderAdapter<N> adapter;
    private final Deserializer<N> deserializer;
    private final DeliveryLedger ledger;
    private final OutcomeRouting routing;
    private final OutcomeWriter writer;
    private final DeliveryMetrics metrics;
    private final Duration sendTimeout;
    private final Executor handoff;
    private final Counter credentialsRejected;
    private final Clock clock;

    public RecordDelivery(NotificationType<N> type, ProviderAdapter<N> adapter, Deserializer<N> deserializer,
                          DeliveryLedger ledger, OutcomeRouting routing, OutcomeWriter writer,
                          DeliveryMetrics metrics, Duration sendTimeout, Executor handoff, Clock clock) {
        this.type = type;
        this.adapter = adapter;
        this.deserializer = deserializer;
        this.ledger = ledger;
        this.routing = routing;
        this.writer = writer;
        this.metrics = metrics;
        this.sendTimeout = sendTimeout;
        this.handoff = handoff;
        this.clock = clock;
        this.credentialsRejected = metrics.credentialsRejected(type.channel(), adapter.name());
    }

    /**
     * Decodes on the caller's (the loop's) thread, then sends within {@code sequencer}'s order for
     * the record's key. The ledger is asked just before sending, so an earlier send of the same
     * notification that finished meanwhile is seen.
     */
    @Override
    public CompletableFuture<Void> deliver(ConsumerRecord<String, byte[]> record, KeyedSequencer sequencer) {
        RecordOrigin origin = RecordOrigin.of(record);
        Optional<N> notification = decode(record);
        if (notification.isEmpty()) {
            metrics.undecodable(type.channel());
            return writer.deadLetter(record, type.channel(), origin, UNDECODABLE);
        }
        N decoded = notification.get();
        NotificationMeta meta = type.meta().apply(decoded);
        OutcomeWriter.Attempt attempt = new OutcomeWriter.Attempt(type.channel(), adapter.name(), record, origin, meta,
                type.deviceToken().map(token -> token.apply(decoded)));
        return sequencer.submit(record.key(), () -> sendUnlessSent(decoded, attempt));
    }

    private CompletableFuture<Void> sendUnlessSent(N notification, OutcomeWriter.Attempt attempt) {
        if (ledger.isSent(attempt.meta().getNotificationId())) {
            metrics.skippedAlreadySent(type.channel(), adapter.name());
            return CompletableFuture.completedFuture(null);
        }
        Instant expiresAt = attempt.meta().getExpiresAt();
        if (expiresAt != null && !clock.instant().isBefore(expiresAt)) {
            metrics.expired(type.channel(), adapter.name());
            return writer.write(new RoutingDecision.Expire(), attempt);
        }
        long started = System.nanoTime();
        // The answer arrives on the provider's thread (an event loop, say): write the outcome elsewhere.
        return send(notification).thenComposeAsync(outcome -> {
            metrics.providerLatency(type.channel(), adapter.name(), Duration.ofNanos(System.nanoTime() - started));
            if (outcome instanceof SendOutcome.ProviderRejectedCredentials) {
                credentialsRejected.increment();
            }
            RoutingDecision decision = routing.decide(outcome, attempt.origin().attempt());
            count(decision);
            return writer.write(decision, attempt);
        }, handoff);
    }

    private Optional<N> decode(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(deserializer.deserialize(record.topic(), record.headers(), record.value()));
        } catch (RuntimeException e) {
            LOG.warn("Undecodable record at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getClass().getName());
            return Optional.empty();
        }
    }

    /** The adapter promises never to fail, but a hung or broken one must not hold the partition forever. */
    private CompletableFuture<SendOutcome> send(N notification) {
        CompletableFuture<SendOutcome> answer;
        try {
            answer = adapter.send(notification);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        return answer.copy().orTimeout(sendTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionally(error -> new SendOutcome.Retryable(
                        rootCause(error) instanceof TimeoutException ? "timeout" : "adapter_error:" + rootCause(error).getClass().getSimpleName()));
    }

    private void count(RoutingDecision decision) {
        if (decision instanceof RoutingDecision.MarkSent) {
            metrics.sent(type.channel(), adapter.name());
        } else if (decision instanceof RoutingDecision.ScheduleRetry) {
            metrics.retried(type.channel(), adapter.name());
        } else if (decision instanceof RoutingDecision.Defer) {
            metrics.deferred(type.channel(), adapter.name());
        } else if (decision instanceof RoutingDecision.DeadLetter dead && dead.state() == DeliveryState.DEAD) {
            metrics.dead(type.channel(), adapter.name());
        } else {
            metrics.failed(type.channel(), adapter.name());
        }
    }

    private static Throwable rootCause(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
