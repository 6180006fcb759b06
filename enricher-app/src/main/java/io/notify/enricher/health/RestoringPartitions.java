package io.notify.enricher.health;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * The changelog partitions of active tasks being restored right now. Kafka Streams reports
 * RUNNING while its state updater still restores tasks in the background, so the state alone
 * does not say the stores are complete.
 */
public final class RestoringPartitions implements StateRestoreListener {

    private final Set<TopicPartition> restoring = ConcurrentHashMap.newKeySet();

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
        restoring.add(partition);
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
        // progress within a restore changes nothing: the partition is restoring until it ends
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        restoring.remove(partition);
    }

    /** The task moved to another instance mid-restore: it is no longer this instance's to wait for. */
    @Override
    public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
        restoring.remove(partition);
    }

    /** Sorted, so that a probe's body reads the same from one call to the next. */
    public Set<String> now() {
        Set<String> names = new TreeSet<>();
        restoring.forEach(partition -> names.add(partition.toString()));
        return names;
    }
}
