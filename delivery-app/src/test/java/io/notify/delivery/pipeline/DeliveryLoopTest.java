package io.notify.delivery.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.notify.delivery.MovableClock;
import io.notify.delivery.ledger.LedgerPartitions;
import io.notify.delivery.provider.ProviderCircuit;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The delivery loop turn by turn, on a MockConsumer, with sends the test finishes by hand and a
 * clock it moves: what is paused, what is started and what is committed, without a broker or a
 * sleep.
 */
class DeliveryLoopTest {

    private static final String TOPIC = "notify.email";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    private static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);

    private final ListenerCapturingConsumer consumer = new ListenerCapturingConsumer();
    private final Map<String, CompletableFuture<Void>> sends = new ConcurrentHashMap<>();
    private final AtomicBoolean circuitOpen = new AtomicBoolean();
    private final FakeLedger ledger = new FakeLedger();
    private final MovableClock clock = new MovableClock(1_000_000);

    @BeforeEach
    void loadEveryLedgerPartition() {
        ledger.loaded.addAll(List.of(0, 1));
    }

    @Test
    void shouldCommitEachPartitionOnlyBelowItsLowestUnfinishedRecord() {
        DeliveryLoop loop = loop(8, Duration.ZERO);
        assign(loop, P0);
        add(P0, 0, 1, 2);
        loop.step();
        assertThat(sends).containsOnlyKeys("0@0", "0@1", "0@2");

        finish("0@0");
        finish("0@2");
        turnAfterCommitInterval(loop);
        assertThat(committed(P0)).hasValue(1);

        finish("0@1");
        turnAfterCommitInterval(loop);
        assertThat(committed(P0)).hasValue(3);
    }

    @Test
    void shouldNotCommitBeforeTheCommitIntervalPassed() {
        DeliveryLoop loop = loop(8, Duration.ZERO);
        assign(loop, P0);
        add(P0, 0);
        turnAfterCommitInterval(loop);
        assertThat(committed(P0)).hasValue(0);
        finish("0@0");

        clock.advance(COMMIT_INTERVAL.minusMillis(1));
        loop.step();
        assertThat(committed(P0)).hasValue(0);
        clock.advance(Duration.ofMillis(1));
        loop.step();
        assertThat(committed(P0)).hasValue(1);
    }

    @Test
    void shouldPauseEveryPartitionAndSendNothingWhileTheCircuitIsOpen() {
        DeliveryLoop loop = loop(8, Duration.ZERO);
        assign(loop, P0, P1);
        add(P0, 0);
        circuitOpen.set(true);
        loop.step();
        assertThat(sends).isEmpty();
        assertThat(consumer.paused()).containsExactlyInAnyOrder(P0, P1);

        circuitOpen.set(false);
        loop.step();
        assertThat(sends).containsOnlyKeys("0@0");
        assertThat(consumer.paused()).isEmpty();
    }

    @Test
    void shouldPauseWhileTheInFlightWindowIsFullAndResumeWhenASlotFrees() {
        DeliveryLoop loop = loop(2, Duration.ZERO);
        assign(loop, P0, P1);
        add(P0, 0, 1, 2);
        loop.step();
        assertThat(sends).containsOnlyKeys("0@0", "0@1");
        assertThat(consumer.paused()).containsExactlyInAnyOrder(P0, P1);

        finish("0@0");
        loop.step();
        assertThat(sends).containsOnlyKeys("0@0", "0@1", "0@2");
        assertThat(consumer.paused()).isEmpty();
    }

    @Test
    void shouldHoldAnAssignedPartitionInTheLedgerAndSendNothingFromItBeforeItIsLoaded() {
        ledger.loaded.remove(1);
        DeliveryLoop loop = loop(8, Duration.ZERO);
        assign(loop, P0, P1);
        assertThat(ledger.holds).containsExactlyInAnyOrder(0, 1);
        add(P0, 0);
        add(P1, 0);
        loop.step();
        assertThat(sends).containsOnlyKeys("0@0");
        assertThat(consumer.paused()).containsExactly(P1);

        ledger.loaded.add(1);
        loop.step();
        loop.step();
        assertThat(sends).containsOnlyKeys("0@0", "1@0");
    }

    @Test
    void shouldDrainCommitAndReleaseARevokedPartition() {
        DeliveryLoop loop = loop(8, Duration.ZERO);
        assign(loop, P0, P1);
        add(P1, 0, 1);
        loop.step();
        finish("1@0");
        finish("1@1");

        consumer.rebalance(List.of(P0));

        assertThat(committed(P1)).hasValue(2);
        assertThat(ledger.holds).containsExactly(0);
    }

    @Test
    void shouldCommitOnlyWhatFinishedWhenARevokeAbandonsRecordsStillInFlight() {
        DeliveryLoop loop = loop(8, Duration.ZERO);
        assign(loop, P0, P1);
        add(P1, 0, 1, 2);
        loop.step();
        finish("1@0");
        finish("1@2");

        consumer.rebalance(List.of(P0));

        // 1@1 is redone by the new owner, and 1@2 with it: the ledger stops 1@2 from going out twice.
        assertThat(committed(P1)).hasValue(1);
    }

    @Test
    void shouldForgetALostPartitionWithoutCommittingIt() {
        DeliveryLoop loop = loop(8, Duration.ZERO);
        assign(loop, P0, P1);
        add(P1, 0);
        loop.step();

        consumer.listener.onPartitionsLost(List.of(P1));
        finish("1@0");
        turnAfterCommitInterval(loop);

        assertThat(committed(P1)).isEmpty();
        assertThat(ledger.holds).containsExactly(0);
    }

    @Test
    void shouldReleaseItsLedgerHoldsOnceWhenClosed() {
        DeliveryLoop loop = loop(8, Duration.ZERO);
        assign(loop, P0, P1);

        loop.finish();

        assertThat(ledger.holds).isEmpty();
        assertThat(ledger.releases).isEqualTo(2);
    }

    private DeliveryLoop loop(int window, Duration drainTimeout) {
        RecordDeliverer deliverer = (record, sequencer) -> {
            CompletableFuture<Void> send = new CompletableFuture<>();
            sends.put(record.partition() + "@" + record.offset(), send);
            return send;
        };
        ProviderCircuit circuit = new ProviderCircuit() {
            @Override
            public boolean isOpen() {
                return circuitOpen.get();
            }

            @Override
            public void onStateChange(Runnable listener) {
            }
        };
        DeliveryLoop loop = new DeliveryLoop(TOPIC, consumer, deliverer, new InFlightWindow(window), circuit, Optional.empty(), ledger,
                new DeliveryLoop.Timings(Duration.ZERO, COMMIT_INTERVAL, drainTimeout), Runnable::run, clock);
        loop.open();
        return loop;
    }

    private void assign(DeliveryLoop loop, TopicPartition... partitions) {
        consumer.rebalance(List.of(partitions));
        Map<TopicPartition, Long> beginning = new HashMap<>();
        for (TopicPartition partition : partitions) {
            beginning.put(partition, 0L);
        }
        consumer.updateBeginningOffsets(beginning);
        // The first turn after an assignment resumes what the ledger has loaded.
        loop.step();
    }

    private void add(TopicPartition partition, long... offsets) {
        for (long offset : offsets) {
            consumer.addRecord(new ConsumerRecord<>(TOPIC, partition.partition(), offset, "u-" + offset, new byte[0]));
        }
    }

    private void finish(String send) {
        sends.get(send).complete(null);
    }

    private void turnAfterCommitInterval(DeliveryLoop loop) {
        clock.advance(COMMIT_INTERVAL);
        loop.step();
    }

    private OptionalLong committed(TopicPartition partition) {
        OffsetAndMetadata offset = consumer.commits.get(partition);
        return offset == null ? OptionalLong.empty() : OptionalLong.of(offset.offset());
    }

    /**
     * Keeps the loop's rebalance listener, so a test can report partitions lost as the real consumer
     * would, and every commit (MockConsumer answers 0 for a partition no longer assigned).
     */
    private static final class ListenerCapturingConsumer extends MockConsumer<String, byte[]> {
        ConsumerRebalanceListener listener;
        final Map<TopicPartition, OffsetAndMetadata> commits = new ConcurrentHashMap<>();

        ListenerCapturingConsumer() {
            super("earliest");
        }

        @Override
        public synchronized void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
            this.listener = listener;
            super.subscribe(topics, listener);
        }

        @Override
        public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
            commits.putAll(offsets);
            super.commitSync(offsets, timeout);
        }

        @Override
        public synchronized void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
            commits.putAll(offsets);
            super.commitAsync(offsets, callback);
        }
    }

    /** Loaded is whatever the test says; holds count as the real ledger counts them. */
    private static final class FakeLedger implements LedgerPartitions {
        final Set<Integer> loaded = ConcurrentHashMap.newKeySet();
        final Set<Integer> holds = new HashSet<>();
        int releases;

        @Override
        public void hold(Collection<Integer> partitions) {
            holds.addAll(partitions);
        }

        @Override
        public void release(Collection<Integer> partitions) {
            holds.removeAll(partitions);
            releases += partitions.size();
        }

        @Override
        public boolean isLoaded(int partition) {
            return holds.contains(partition) && loaded.contains(partition);
        }
    }
}
