package io.notify.enricher.routing;

import io.notify.runtime.topics.UserPartition;
import io.notify.schemas.NotificationStatus;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.StreamPartitioner;

/** Places each status on its user's partition of {@code notify.status} (see {@link UserPartition}). */
public final class StatusesByUser implements StreamPartitioner<String, NotificationStatus> {

    @Override
    public Optional<Set<Integer>> partitions(String topic, String notificationId, NotificationStatus status, int partitions) {
        return Optional.of(Set.of(UserPartition.of(status.getUserId(), partitions)));
    }
}
