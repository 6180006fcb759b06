package io.notify.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a whole topic from its start, without a consumer group, decoding values as asked. */
public final class TopicReader<V> implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final Deserializer<V> values;
    private final List<ConsumerRecord<String, V>> seen = new ArrayList<>();

    public TopicReader(String bootstrapServers, String topic, Deserializer<V> values) {
        this.consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrapServers), new StringDeserializer(), new ByteArrayDeserializer());
        this.values = values;
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Everything read so far plus whatever arrives within {@code wait}; stops early once {@code enough} holds. */
    public List<ConsumerRecord<String, V>> readUntil(Predicate<List<ConsumerRecord<String, V>>> enough, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!enough.test(seen) && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                V value = record.value() == null ? null : values.deserialize(record.topic(), record.headers(), record.value());
                seen.add(new ConsumerRecord<>(record.topic(), record.partition(), record.offset(), record.timestamp(),
                        record.timestampType(), record.serializedKeySize(), record.serializedValueSize(), record.key(), value,
                        record.headers(), record.leaderEpoch()));
            }
        }
        return List.copyOf(seen);
    }

    /** Everything in the topic up to its end as of this call; {@code wait} bounds how long reading it may take. */
    public List<ConsumerRecord<String, V>> readToEnd(Duration wait) {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
        return readUntil(records -> end.entrySet().stream().allMatch(partition -> consumer.position(partition.getKey()) >= partition.getValue()),
                wait);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
