package io.notify.enricher.health;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Lag as the cluster sees it: the group's committed offsets against the partitions' end offsets.
 * Not {@link org.apache.kafka.streams.TaskMetadata}'s offsets: its end offsets are the last
 * record a poll returned (stale until the next fetch, absent before the first one) and its
 * committed offsets only those this process committed, so after a restart with nothing new
 * they are empty. Not the consumer's records-lag either: that counts from the fetch position,
 * which runs ahead of records still buffered unprocessed. Under exactly-once the committed
 * offset moves with the state changes of the records before it, so caught up here means in
 * the stores. A gap of transaction markers and aborted records only is not lag: see
 * {@link UnreadRecords}.
 */
public final class CommittedLag implements InputLag, AutoCloseable {

    private final Admin admin;
    private final String groupId;
    private final UnreadRecords unread;
    private final Duration timeout;

    CommittedLag(Admin admin, UnreadRecords unread, String groupId, Duration timeout) {
        this.admin = admin;
        this.unread = unread;
        this.groupId = groupId;
        this.timeout = timeout;
    }

    @Override
    public Map<TopicPartition, Long> of(Set<TopicPartition> partitions) throws UnknownLagException {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin
                    .listConsumerGroupOffsets(Map.of(groupId, new ListConsumerGroupOffsetsSpec().topicPartitions(partitions)))
                    .partitionsToOffsetAndMetadata(groupId).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            // The enricher reads read_committed: its end is the last stable offset, not the high watermark.
            Map<TopicPartition, Long> end = offsets(partitions, OffsetSpec.latest());
            Set<TopicPartition> neverCommitted = partitions.stream()
                    .filter(partition -> committed.get(partition) == null).collect(Collectors.toSet());
            // Nothing committed yet means reading from the earliest offset (auto.offset.reset=earliest).
            Map<TopicPartition, Long> start = new HashMap<>(offsets(neverCommitted, OffsetSpec.earliest()));
            committed.forEach((partition, offset) -> {
                if (offset != null) {
                    start.put(partition, offset.offset());
                }
            });
            Map<TopicPartition, Long> behind = partitions.stream().filter(partition -> end.get(partition) > start.get(partition))
                    .collect(Collectors.toMap(Function.identity(), start::get));
            Set<TopicPartition> lagging = behind.isEmpty() ? Set.of() : unread.within(behind, end, timeout);
            return partitions.stream().collect(Collectors.toMap(Function.identity(),
                    partition -> lagging.contains(partition) ? end.get(partition) - start.get(partition) : 0L));
        } catch (ExecutionException e) {
            throw new UnknownLagException(e.getCause());
        } catch (TimeoutException e) {
            throw new UnknownLagException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnknownLagException(e);
        }
    }

    private Map<TopicPartition, Long> offsets(Set<TopicPartition> partitions, OffsetSpec spec)
            throws ExecutionException, InterruptedException, TimeoutException {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, ListOffsetsResultInfo> found = admin
                .listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(), partition -> spec)),
                        new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return found.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().offset()));
    }

    @Override
    public void close() {
        unread.close();
        admin.close(Duration.ofSeconds(5));
    }
}
