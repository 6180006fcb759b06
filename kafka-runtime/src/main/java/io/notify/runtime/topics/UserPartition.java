package io.notify.runtime.topics;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * The partition of a user's records on every user-keyed topic: where the default partitioner puts
 * a record keyed by the user id. {@code notify.status} is keyed by notification id, so that
 * compaction keeps each notification's latest status, but placed by this, so that a user's
 * statuses share a partition number with the user's events and channel records and the
 * notification log can be kept per user without a repartition.
 */
public final class UserPartition {

    private UserPartition() {
    }

    public static int of(String userId, int partitions) {
        return Utils.toPositive(Utils.murmur2(userId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
