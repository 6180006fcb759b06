package io.notify.delivery.deadletter;

import io.notify.runtime.deadletter.DeadLetterHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a dead-letter topic from its start to the end it had when the read began (no consumer
 * group, nothing committed), and replays chosen letters to their original topic and partition
 * (so per-user order and co-partitioning hold). Works for every
 * DLQ whose records carry {@link DeadLetterHeaders}: channel DLQs and {@code notify.events.dlq}.
 *
 * <p>A replayed record loses its dead-letter headers, so it starts again at attempt 1; the
 * delivery ledger still stops a notification that was sent in the meantime.
 */
public final class DeadLetterQueue {

    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    private static final List<String> DEAD_LETTER_HEADER_NAMES = List.of(
            DeadLetterHeaders.REASON, DeadLetterHeaders.ERROR_CLASS, DeadLetterHeaders.ERROR_MESSAGE,
            DeadLetterHeaders.ATTEMPT, DeadLetterHeaders.ORIGINAL_TOPIC, DeadLetterHeaders.ORIGINAL_PARTITION,
            DeadLetterHeaders.ORIGINAL_OFFSET);

    private final Map<String, Object> clientProperties;

    public DeadLetterQueue(Map<String, Object> clientProperties) {
        this.clientProperties = Map.copyOf(clientProperties);
    }

    public List<DeadLetterEntry> list(String topic, Optional<String> reason) {
        List<DeadLetterEntry> entries = new ArrayList<>();
        scan(topic, record -> {
            DeadLetterEntry entry = DeadLetterEntry.of(record);
            if (reason.map(entry::hasReason).orElse(true)) {
                entries.add(entry);
            }
        });
        return entries;
    }

    /** Sends every letter matching {@code reason} (all if empty) back to its original topic; returns them. */
    public List<DeadLetterEntry> replay(String topic, Optional<String> reason) {
        List<DeadLetterEntry> replayed = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties(), new ByteArraySerializer(), new ByteArraySerializer())) {
            scan(topic, record -> {
                DeadLetterEntry entry = DeadLetterEntry.of(record);
                if (reason.map(entry::hasReason).orElse(true) && entry.originalTopic().isPresent()) {
                    RecordHeaders headers = new RecordHeaders(record.headers().toArray());
                    DEAD_LETTER_HEADER_NAMES.forEach(headers::remove);
                    producer.send(new ProducerRecord<>(entry.originalTopic().get(),
                            entry.originalPartition() >= 0 ? entry.originalPartition() : null, record.key(), record.value(), headers));
                    replayed.add(entry);
                }
            });
            producer.flush();
        }
        return replayed;
    }

    private void scan(String topic, Consumer<ConsumerRecord<byte[], byte[]>> visitor) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (!reachedEnd(consumer, end)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL_TIMEOUT)) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        visitor.accept(record);
                    }
                }
            }
        }
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private Map<String, Object> consumerProperties() {
        Map<String, Object> properties = new HashMap<>(clientProperties);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return properties;
    }

    private Map<String, Object> producerProperties() {
        Map<String, Object> properties = new HashMap<>(clientProperties);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return properties;
    }
}
