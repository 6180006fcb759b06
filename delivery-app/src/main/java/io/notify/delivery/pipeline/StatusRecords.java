package io.notify.delivery.pipeline;

import io.notify.contract.Topics;
import io.notify.runtime.topics.UserPartition;
import io.notify.schemas.NotificationStatus;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Statuses as {@code notify.status} records: keyed by notification id, on the partition of the
 * user (the enricher keeps the notification log per user, reading each partition where the user's
 * notifications are).
 */
public final class StatusRecords {

    private final Producer<String, byte[]> producer;
    private final Serializer<NotificationStatus> serializer;

    public StatusRecords(Producer<String, byte[]> producer, Serializer<NotificationStatus> serializer) {
        this.producer = producer;
        this.serializer = serializer;
    }

    public ProducerRecord<String, byte[]> of(NotificationStatus status) {
        // The producer caches the topic's metadata: after the first status this is a map lookup.
        int partitions = producer.partitionsFor(Topics.STATUS).size();
        return new ProducerRecord<>(Topics.STATUS, UserPartition.of(status.getUserId(), partitions),
                status.getNotificationId(), serializer.serialize(Topics.STATUS, status));
    }
}
