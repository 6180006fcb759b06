package io.notify.enricher.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.notify.stack.LocalStackExtension;
import io.notify.stack.StackEndpoints;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An instance is not held back by offsets that hold nothing to read: a contact-data partition
 * written under exactly-once ends with a commit marker (or a whole aborted transaction) that
 * the task which took it over never commits past, and such an instance must still become ready.
 * A committed record it has not read is lag.
 */
@ExtendWith(LocalStackExtension.class)
class CommittedLagIT {

    @Test
    void shouldCountCommittedRecordsNotTransactionMarkersOrAbortedRecords(StackEndpoints endpoints) throws Exception {
        Map<String, Object> client = endpoints.kafka().clientProperties();
        String topic = "committed-lag-" + UUID.randomUUID();
        String group = "committed-lag-group-" + UUID.randomUUID();
        TopicPartition partition = new TopicPartition(topic, 0);
        try (Admin admin = Admin.create(client);
             KafkaProducer<String, String> producer = transactionalProducer(client);
             CommittedLag lag = new CommittedLag(Admin.create(client), new UnreadRecords(client), group, Duration.ofSeconds(10))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            producer.initTransactions();

            inTransaction(producer, topic, true);
            // The task read offset 0 and committed 1 before the marker at 1 reached it; then it moved.
            admin.alterConsumerGroupOffsets(group, Map.of(partition, new OffsetAndMetadata(1))).all().get();
            assertThat(lag.of(Set.of(partition))).as("after the commit marker only").containsEntry(partition, 0L);

            inTransaction(producer, topic, false);
            assertThat(lag.of(Set.of(partition))).as("after an aborted transaction too").containsEntry(partition, 0L);

            inTransaction(producer, topic, true);
            assertThat(lag.of(Set.of(partition)).get(partition)).as("a committed record not yet read").isPositive();
        }
    }

    private static KafkaProducer<String, String> transactionalProducer(Map<String, Object> client) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "committed-lag-" + UUID.randomUUID());
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static void inTransaction(KafkaProducer<String, String> producer, String topic, boolean commit) {
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(topic, "u-1001", "change"));
        if (commit) {
            producer.commitTransaction();
        } else {
            producer.abortTransaction();
        }
    }
}
