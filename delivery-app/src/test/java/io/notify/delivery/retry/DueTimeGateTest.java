package io.notify.delivery.retry;

import static org.assertj.core.api.Assertions.assertThat;

import io.notify.delivery.MovableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class DueTimeGateTest {

    private static final String TOPIC = "notify.sms.retry.5s";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    private static final long NOW = 1_000_000L;

    private final Map<TopicPartition, Long> rewound = new HashMap<>();

    @Test
    void shouldAdmitDueRecordsAndRewindToTheFirstEarlyOne() {
        DueTimeGate gate = new DueTimeGate(Duration.ofSeconds(5), clockAt(NOW));
        ConsumerRecords<String, byte[]> records = new ConsumerRecords<>(Map.of(
                P0, List.of(record(0, 10, NOW - 6_000), record(0, 11, NOW - 1_000), record(0, 12, NOW - 6_000)),
                P1, List.of(record(1, 3, NOW - 5_000))), Map.of());

        List<ConsumerRecord<String, byte[]>> due = gate.admit(records, rewound::put);

        assertThat(due).extracting(ConsumerRecord::offset).containsExactlyInAnyOrder(10L, 3L);
        assertThat(rewound).containsExactly(Map.entry(P0, 11L));
        assertThat(gate.waiting()).containsExactly(P0);
        assertThat(gate.untilNextDue()).contains(Duration.ofSeconds(4));
    }

    @Test
    void shouldReleaseAWaitingPartitionOnceItsRecordIsDue() {
        MovableClock clock = new MovableClock(NOW);
        DueTimeGate gate = new DueTimeGate(Duration.ofSeconds(5), clock);
        gate.admit(new ConsumerRecords<>(Map.of(P0, List.of(record(0, 1, NOW))), Map.of()), rewound::put);
        assertThat(gate.waiting()).containsExactly(P0);

        clock.set(NOW + 5_000);
        assertThat(gate.waiting()).isEmpty();
        assertThat(gate.untilNextDue()).isEmpty();
    }

    private static ConsumerRecord<String, byte[]> record(int partition, long offset, long timestamp) {
        return new ConsumerRecord<>(TOPIC, partition, offset, timestamp, TimestampType.CREATE_TIME, 0, 0, "u-1", new byte[0],
                new RecordHeaders(), Optional.empty());
    }

    private static Clock clockAt(long millis) {
        return Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }
}
