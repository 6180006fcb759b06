package io.notify.enricher.health;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Whether a range of offsets holds a record the enricher would read. Offsets alone cannot say:
 * under exactly-once a partition's end is followed by transaction markers, and an aborted
 * transaction leaves records no read_committed reader ever sees. Kafka Streams commits past
 * them only for a partition its task has consumed a record from, so a task that moved with
 * nothing new to read keeps a committed offset short of the end for good.
 */
final class UnreadRecords implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);

    private final KafkaConsumer<byte[], byte[]> consumer;

    UnreadRecords(Map<String, Object> clientProperties) {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString().toLowerCase());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // One record answers the question; fetch no more than that.
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 64 * 1024);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * The partitions that hold a committed record at an offset from {@code from} (inclusive) to
     * {@code to} (exclusive); {@code to} is a last stable offset, so reading there never waits
     * on an open transaction.
     */
    synchronized Set<TopicPartition> within(Map<TopicPartition, Long> from, Map<TopicPartition, Long> to, Duration timeout)
            throws TimeoutException {
        Instant deadline = Instant.now().plus(timeout);
        Set<TopicPartition> open = new HashSet<>(from.keySet());
        Set<TopicPartition> holding = new HashSet<>();
        consumer.assign(from.keySet());
        try {
            from.forEach(consumer::seek);
            while (!open.isEmpty()) {
                if (Instant.now().isAfter(deadline)) {
                    throw new TimeoutException("still reading " + open + " after " + timeout.toMillis() + " ms");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (open.contains(partition) && record.offset() < to.get(partition)) {
                        holding.add(partition);
                    }
                    open.remove(partition);
                }
                // Markers and aborted records move the position without returning anything.
                open.removeIf(partition -> consumer.position(partition, Duration.ZERO) >= to.get(partition));
            }
            return holding;
        } finally {
            consumer.assign(Set.of());
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
