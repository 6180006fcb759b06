package io.notify.delivery.pipeline;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offset each partition may commit. Records finish out of order (sends run in parallel);
 * a partition may only commit up to its lowest unfinished offset, so a crash replays every
 * record that was not finished and skips none. Thread-safe: sends finish on provider threads.
 */
public final class OffsetTracker {

    private final Map<TopicPartition, PartitionProgress> partitions = new HashMap<>();

    /** Called in offset order per partition, as records are taken from a poll. */
    public synchronized void started(TopicPartition partition, long offset) {
        partitions.computeIfAbsent(partition, p -> new PartitionProgress()).started(offset);
    }

    public synchronized void finished(TopicPartition partition, long offset) {
        PartitionProgress progress = partitions.get(partition);
        if (progress != null) {
            progress.finished(offset);
        }
    }

    /** The offsets to commit now: only partitions whose committable position moved since last time. */
    public synchronized Map<TopicPartition, OffsetAndMetadata> takeCommittable() {
        Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
        partitions.forEach((partition, progress) -> progress.takeAdvance()
                .ifPresent(offset -> result.put(partition, new OffsetAndMetadata(offset))));
        return result;
    }

    /** Every known partition's commit position, changed or not: for the final synchronous commit. */
    public synchronized Map<TopicPartition, OffsetAndMetadata> positions(Collection<TopicPartition> of) {
        Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
        for (TopicPartition partition : of) {
            PartitionProgress progress = partitions.get(partition);
            if (progress != null && progress.position() >= 0) {
                progress.takeAdvance();
                result.put(partition, new OffsetAndMetadata(progress.position()));
            }
        }
        return result;
    }

    public synchronized int unfinished(Collection<TopicPartition> of) {
        return of.stream().map(partitions::get).filter(Objects::nonNull).mapToInt(PartitionProgress::unfinished).sum();
    }

    public synchronized int unfinished() {
        return partitions.values().stream().mapToInt(PartitionProgress::unfinished).sum();
    }

    /** After a revoke: whatever was unfinished there is the new owner's to redo. */
    public synchronized void forget(Collection<TopicPartition> revoked) {
        revoked.forEach(partitions::remove);
    }

    private static final class PartitionProgress {
        private final TreeSet<Long> pending = new TreeSet<>();
        private long nextToStart = -1;
        private long committed = -1;

        void started(long offset) {
            pending.add(offset);
            nextToStart = Math.max(nextToStart, offset + 1);
        }

        void finished(long offset) {
            pending.remove(offset);
        }

        int unfinished() {
            return pending.size();
        }

        /** Committed offset = the next record to read = lowest unfinished, or one past the last started. */
        long position() {
            return pending.isEmpty() ? nextToStart : pending.first();
        }

        OptionalLong takeAdvance() {
            long position = position();
            if (position > committed) {
                committed = position;
                return OptionalLong.of(position);
            }
            return OptionalLong.empty();
        }
    }
}
