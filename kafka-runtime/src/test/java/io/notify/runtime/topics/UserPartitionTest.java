package io.notify.runtime.topics;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.serialization.StringSerializer;

class UserPartitionTest {

    private final StringSerializer keys = new StringSerializer();

    /** A status placed by its user must land where the user's events and channel records are. */
    @Property(tries = 500)
    void placesAUsersRecordWhereTheDefaultPartitionerPutsARecordKeyedByTheUser(
            @ForAll String userId, @ForAll @IntRange(min = 1, max = 64) int partitions) {
        assertThat(UserPartition.of(userId, partitions))
                .isEqualTo(BuiltInPartitioner.partitionForKey(keys.serialize("notify.events", userId), partitions));
    }
}
