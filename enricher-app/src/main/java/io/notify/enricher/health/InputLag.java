package io.notify.enricher.health;

import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/** How far this application's committed position is behind the end of each of some input partitions. */
public interface InputLag {

    /** Records between the committed offset and the end offset, per partition asked. */
    Map<TopicPartition, Long> of(Set<TopicPartition> partitions) throws UnknownLagException;

    /** The cluster did not say in time; the lag is unknown, which is not zero. */
    final class UnknownLagException extends Exception {
        public UnknownLagException(Throwable cause) {
            super("the committed and end offsets could not be read: " + cause, cause);
        }
    }
}
