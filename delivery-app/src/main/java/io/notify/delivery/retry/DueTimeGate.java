package io.notify.delivery.retry;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * Holds a retry tier's records back until they are due (record timestamp + tier delay). A
 * partition whose next record is early is rewound to it and paused until its due time, so the
 * consumer waits without spinning and without sleeping through its poll interval. Records of
 * one partition are due in order, because they enter a tier in order with the same delay.
 */
public final class DueTimeGate {

    private final Duration delay;
    private final Clock clock;
    private final Map<TopicPartition, Long> waitingUntil = new HashMap<>();

    public DueTimeGate(Duration delay, Clock clock) {
        this.delay = delay;
        this.clock = clock;
    }

    public long dueAt(ConsumerRecord<?, ?> record) {
        return record.timestamp() + delay.toMillis();
    }

    /** The records that may be sent now; for partitions that must wait, {@code rewind} is told where to resume. */
    public <K, V> List<ConsumerRecord<K, V>> admit(ConsumerRecords<K, V> records, BiConsumer<TopicPartition, Long> rewind) {
        long now = clock.millis();
        List<ConsumerRecord<K, V>> due = new ArrayList<>();
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<K, V> record : records.records(partition)) {
                long dueAt = dueAt(record);
                if (dueAt > now) {
                    waitingUntil.put(partition, dueAt);
                    rewind.accept(partition, record.offset());
                    break;
                }
                due.add(record);
            }
        }
        return due;
    }

    /** Partitions still waiting; those whose time has come are released. */
    public Set<TopicPartition> waiting() {
        long now = clock.millis();
        waitingUntil.values().removeIf(until -> until <= now);
        return Set.copyOf(waitingUntil.keySet());
    }

    /** How long until the earliest waiting partition is due, if any waits. */
    public Optional<Duration> untilNextDue() {
        long now = clock.millis();
        return waitingUntil.values().stream().min(Long::compare).map(until -> Duration.ofMillis(Math.max(0, until - now)));
    }

    public void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(waitingUntil::remove);
    }
}
