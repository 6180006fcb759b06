package io.notify.delivery.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.notify.delivery.MovableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger's load barrier and its store, turn by turn on a MockConsumer: a held partition is
 * loaded only once read to the end taken after the hold, every new hold takes a new end, and a
 * partition read before resumes where the store left it.
 */
class KafkaDeliveryLedgerTest {

    private static final String TOPIC = "notify.delivery.ledger";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final Duration HORIZON = Duration.ofDays(7);
    private static final long NOW = 1_700_000_000_000L;

    @TempDir
    Path directory;

    private final MockConsumer<byte[], byte[]> reader = new MockConsumer<>("earliest");
    private final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    private final MovableClock clock = new MovableClock(NOW);
    private KafkaDeliveryLedger ledger;

    @AfterEach
    void close() {
        if (ledger != null) {
            ledger.close();
        }
    }

    @Test
    void shouldLoadAHeldPartitionOnlyOnceReadToTheEndTakenAfterTheHold() {
        ledger = openLedger();
        topicEndsAt(2);

        ledger.hold(List.of(0));
        ledger.readOnce();
        assertThat(ledger.isLoaded(0)).isFalse();

        reader.addRecord(entry(0, "n-1"));
        reader.addRecord(entry(1, "n-2"));
        ledger.readOnce();

        assertThat(ledger.isLoaded(0)).isTrue();
        assertThat(ledger.isSent("n-1")).isTrue();
        assertThat(ledger.isSent("n-2")).isTrue();
        assertThat(ledger.isSent("n-3")).isFalse();
    }

    @Test
    void shouldTakeANewEndForEveryHoldSoThatAnotherConsumersAssignmentWaitsForWhatWasWrittenSince() {
        ledger = openLedger();
        topicEndsAt(1);
        ledger.hold(List.of(0));
        ledger.readOnce();
        reader.addRecord(entry(0, "n-1"));
        ledger.readOnce();
        assertThat(ledger.isLoaded(0)).isTrue();

        // The previous owner of a retry tier's partition 0 wrote one more entry before it let go.
        topicEndsAt(2);
        ledger.hold(List.of(0));
        assertThat(ledger.isLoaded(0)).isFalse();
        ledger.readOnce();
        assertThat(ledger.isLoaded(0)).isFalse();

        reader.addRecord(entry(1, "n-2"));
        ledger.readOnce();
        assertThat(ledger.isLoaded(0)).isTrue();
        assertThat(ledger.isSent("n-2")).isTrue();
    }

    @Test
    void shouldResumeAPartitionWhereTheStoreLastReadIt() {
        try (LedgerStore store = LedgerStore.open(directory, HORIZON)) {
            store.apply(List.of(entry(4, "n-old")), Map.of(0, 5L));
        }
        ledger = openLedger();
        topicEndsAt(5);

        ledger.hold(List.of(0));
        ledger.readOnce();

        assertThat(reader.position(P0)).isEqualTo(5);
        assertThat(ledger.isLoaded(0)).isTrue();
        assertThat(ledger.isSent("n-old")).isTrue();
    }

    @Test
    void shouldStopAnsweringForAPartitionNoConsumerHoldsAnyMore() {
        ledger = openLedger();
        topicEndsAt(0);
        ledger.hold(List.of(0));
        ledger.hold(List.of(0));
        ledger.readOnce();
        assertThat(ledger.isLoaded(0)).isTrue();

        ledger.release(List.of(0));
        assertThat(ledger.isLoaded(0)).as("one holder left").isTrue();
        ledger.release(List.of(0));
        assertThat(ledger.isLoaded(0)).isFalse();
        assertThat(ledger.heldPartitions()).isZero();
    }

    @Test
    void shouldKnowASendAtOnceAndWriteItToThePartitionItsRecordCameFrom() {
        ledger = openLedger();

        assertThat(ledger.recordSent(3, "n-1", "sg-1")).isCompleted();

        assertThat(ledger.isSent("n-1")).isTrue();
        ProducerRecord<String, byte[]> written = producer.history().get(0);
        assertThat(written.topic()).isEqualTo(TOPIC);
        assertThat(written.partition()).isEqualTo(3);
        assertThat(written.key()).isEqualTo("n-1");
    }

    @Test
    void shouldForgetASendOlderThanTheHorizon() {
        ledger = openLedger();
        ledger.recordSent(0, "n-1", "sg-1");

        clock.advance(HORIZON.plusMillis(1));

        assertThat(ledger.isSent("n-1")).isFalse();
    }

    private KafkaDeliveryLedger openLedger() {
        return new KafkaDeliveryLedger(TOPIC, HORIZON, clock, producer, LedgerStore.open(directory, HORIZON), reader);
    }

    /** Partition 0 of the ledger topic, as the broker would answer for its beginning and end. */
    private void topicEndsAt(long end) {
        reader.updateBeginningOffsets(Map.of(P0, 0L));
        reader.updateEndOffsets(Map.of(P0, end));
    }

    /** An entry as the app writes it, stamped now. */
    private static ConsumerRecord<byte[], byte[]> entry(long offset, String notificationId) {
        return new ConsumerRecord<>(TOPIC, 0, offset, NOW, TimestampType.CREATE_TIME, -1, -1, bytes(notificationId),
                bytes("sg-" + notificationId), new RecordHeaders(), Optional.empty());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
