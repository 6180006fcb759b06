package io.notify.delivery.feedback;

import io.notify.contract.Topics;
import io.notify.delivery.health.BackgroundLoop;
import io.notify.delivery.health.LoopState;
import io.notify.runtime.deadletter.DeadLetterHeaders;
import io.notify.schemas.DeviceTokenInvalidated;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes {@code notify.device-feedback} and sets {@code devices.invalidated_at} for each token.
 * A batch is committed only after the database committed it; while the database is down the
 * batch is retried with a backoff (and the consumer stays in its group by pausing). Unreadable
 * records go to {@code notify.events.dlq}.
 */
public final class DeviceFeedbackSink implements Runnable, BackgroundLoop, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceFeedbackSink.class);
    public static final String GROUP = "notify-delivery-device-feedback";
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
    private static final Duration DATABASE_BACKOFF = Duration.ofSeconds(2);

    private final Consumer<String, byte[]> consumer;
    private final Deserializer<DeviceTokenInvalidated> deserializer;
    private final DeviceTokens store;
    private final Duration databaseBackoff;
    private final Producer<String, byte[]> deadLetters;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong invalidated = new AtomicLong();
    private final Thread thread = new Thread(this, "delivery-device-feedback");

    public DeviceFeedbackSink(Map<String, Object> clientProperties, String groupId, Deserializer<DeviceTokenInvalidated> deserializer,
                              DeviceTokens store, Producer<String, byte[]> deadLetters) {
        this(new KafkaConsumer<>(consumerProperties(clientProperties, groupId), new StringDeserializer(), new ByteArrayDeserializer()),
                deserializer, store, deadLetters, DATABASE_BACKOFF);
    }

    DeviceFeedbackSink(Consumer<String, byte[]> consumer, Deserializer<DeviceTokenInvalidated> deserializer, DeviceTokens store,
                       Producer<String, byte[]> deadLetters, Duration databaseBackoff) {
        this.consumer = consumer;
        this.deserializer = deserializer;
        this.store = store;
        this.deadLetters = deadLetters;
        this.databaseBackoff = databaseBackoff;
    }

    private static Map<String, Object> consumerProperties(Map<String, Object> clientProperties, String groupId) {
        Map<String, Object> properties = new HashMap<>(clientProperties);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return properties;
    }

    public void start() {
        thread.start();
    }

    @Override
    public String name() {
        return "device feedback " + Topics.DEVICE_FEEDBACK;
    }

    @Override
    public LoopState state() {
        return thread.isAlive() ? LoopState.RUNNING : LoopState.DEAD;
    }

    /** Devices this sink changed since it started. */
    public long invalidatedCount() {
        return invalidated.get();
    }

    @Override
    public void run() {
        try {
            open();
            while (running.get()) {
                pollOnce();
            }
        } catch (WakeupException e) {
            if (running.get()) {
                LOG.error("Device feedback sink woken up while running; it stopped", e);
            }
        } catch (RuntimeException e) {
            LOG.error("Device feedback sink stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(3));
            store.close();
        }
    }

    void open() {
        consumer.subscribe(List.of(Topics.DEVICE_FEEDBACK));
    }

    /** One poll and, if it brought records, their invalidation and commit; tests drive it directly. */
    void pollOnce() {
        ConsumerRecords<String, byte[]> records = consumer.poll(POLL_TIMEOUT);
        if (!records.isEmpty()) {
            storeUntilDone(records);
        }
    }

    private void storeUntilDone(ConsumerRecords<String, byte[]> records) {
        Set<String> tokens = new LinkedHashSet<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            decode(record).ifPresent(tokens::add);
        }
        while (running.get()) {
            try {
                invalidated.addAndGet(store.invalidate(tokens));
                consumer.commitSync(nextOffsets(records));
                return;
            } catch (CommitFailedException e) {
                // Partitions moved while the database was away; the new owner redoes them, harmlessly.
                LOG.warn("Device feedback commit failed after a rebalance: {}", e.toString());
                return;
            } catch (SQLException e) {
                LOG.warn("User database refused {} token invalidations (SQLState {}); retrying in {}",
                        tokens.size(), e.getSQLState(), databaseBackoff);
                waitInGroup(databaseBackoff);
            }
        }
    }

    private Optional<String> decode(ConsumerRecord<String, byte[]> record) {
        try {
            DeviceTokenInvalidated feedback = record.value() == null ? null
                    : deserializer.deserialize(record.topic(), record.headers(), record.value());
            if (feedback != null) {
                return Optional.of(feedback.getDeviceToken());
            }
        } catch (RuntimeException e) {
            LOG.warn("Unreadable device feedback at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getClass().getName());
        }
        if (record.value() != null) {
            deadLetter(record);
        }
        return Optional.empty();
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        DeadLetterHeaders.stamp(headers, new DeadLetterHeaders.DeadLetter(
                "undecodable", Optional.empty(), 1, record.topic(), record.partition(), record.offset()));
        deadLetters.send(new ProducerRecord<>(Topics.EVENTS_DLQ, null, record.key(), record.value(), headers));
        deadLetters.flush();
    }

    /** Pauses while waiting so the poll keeps the consumer in its group without fetching more. */
    private void waitInGroup(Duration backoff) {
        Set<TopicPartition> assigned = consumer.assignment();
        consumer.pause(assigned);
        long until = System.nanoTime() + backoff.toNanos();
        while (running.get() && System.nanoTime() < until) {
            consumer.poll(POLL_TIMEOUT);
        }
        consumer.resume(consumer.paused());
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> inPartition = new ArrayList<>(records.records(partition));
            offsets.put(partition, new OffsetAndMetadata(inPartition.get(inPartition.size() - 1).offset() + 1));
        }
        return offsets;
    }

    /** Asks the sink to finish without waiting for it. */
    public void stop() {
        running.set(false);
        consumer.wakeup();
    }

    @Override
    public void close() {
        stop();
        try {
            thread.join(Duration.ofSeconds(15).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
