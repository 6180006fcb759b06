package io.notify.delivery.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerStoreTest {

    private static final Duration HORIZON = Duration.ofDays(7);

    @TempDir
    Path directory;

    @Test
    void shouldKeepEntriesAndOffsetsAcrossAReopen() {
        try (LedgerStore store = LedgerStore.open(directory, HORIZON)) {
            store.apply(List.of(entry(2, 40, "n-1", 1_000), entry(2, 41, "n-2", 2_000)), Map.of(2, 42L));
            store.put("n-3", 3_000);
        }
        try (LedgerStore reopened = LedgerStore.open(directory, HORIZON)) {
            assertThat(reopened.sentAt("n-1")).hasValue(1_000);
            assertThat(reopened.sentAt("n-2")).hasValue(2_000);
            assertThat(reopened.sentAt("n-3")).hasValue(3_000);
            assertThat(reopened.nextOffset(2)).hasValue(42);
            assertThat(reopened.nextOffset(3)).isEmpty();
        }
    }

    @Test
    void shouldForgetAnEntryOnATombstone() {
        try (LedgerStore store = LedgerStore.open(directory, HORIZON)) {
            store.apply(List.of(entry(0, 0, "n-1", 1_000)), Map.of(0, 1L));
            store.apply(List.of(entry(0, 1, "n-1", null)), Map.of(0, 2L));

            assertThat(store.sentAt("n-1")).isEmpty();
            assertThat(store.nextOffset(0)).hasValue(2);
        }
    }

    @Test
    void shouldRefuseASecondInstanceOnTheSameDirectory() {
        try (LedgerStore store = LedgerStore.open(directory, HORIZON)) {
            assertThatThrownBy(() -> LedgerStore.open(directory, HORIZON))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("delivery.state.dir");
        }
    }

    private static ConsumerRecord<byte[], byte[]> entry(int partition, long offset, String id, Integer sentAt) {
        return new ConsumerRecord<>("ledger", partition, offset, sentAt == null ? 0 : sentAt, TimestampType.CREATE_TIME, -1, -1,
                id.getBytes(StandardCharsets.UTF_8),
                sentAt == null ? null : new byte[0], new RecordHeaders(), Optional.empty());
    }
}
