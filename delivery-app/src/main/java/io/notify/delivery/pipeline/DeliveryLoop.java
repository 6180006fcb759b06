package io.notify.delivery.pipeline;

import io.notify.delivery.health.BackgroundLoop;
import io.notify.delivery.health.LoopState;
import io.notify.delivery.ledger.LedgerPartitions;
import io.notify.delivery.provider.ProviderCircuit;
import io.notify.delivery.retry.DueTimeGate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer on one topic (a channel topic or one of its retry tiers), on its own thread.
 * Polls, hands records to {@link RecordDelivery} within the channel's in-flight window and
 * per-key order, and commits each partition only up to its lowest unfinished record.
 *
 * <p>The consumer is paused (it keeps polling, so it stays in the group) while the provider's
 * circuit is open, while records wait for a free slot, and per partition while a retry record
 * is not yet due or while the partition's ledger is not loaded yet.
 */
public final class DeliveryLoop implements Runnable, BackgroundLoop, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryLoop.class);
    private static final Duration DRAIN_POLL = Duration.ofMillis(20);
    /** For the final commit and the consumer's close: with the broker gone, a stop must not wait a minute for either. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(3);

    /** Timings of one loop, read once from settings. */
    public record Timings(Duration pollTimeout, Duration commitInterval, Duration drainTimeout) {
    }

    private final String topic;
    private final Consumer<String, byte[]> consumer;
    private final RecordDeliverer delivery;
    private final InFlightWindow window;
    private final ProviderCircuit circuit;
    private final Optional<DueTimeGate> gate;
    private final LedgerPartitions ledger;
    /** Partition numbers this loop holds in the ledger: released once each, whichever callback comes first. */
    private final Set<Integer> ledgerHolds = new HashSet<>();
    private final Timings timings;
    private final Clock clock;
    private final OffsetTracker tracker = new OffsetTracker();
    private final KeyedSequencer sequencer;
    private final ArrayDeque<ConsumerRecord<String, byte[]>> backlog = new ArrayDeque<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong lag = new AtomicLong();
    private final AtomicInteger assigned = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicBoolean joined = new AtomicBoolean();
    private final Thread thread;
    private Instant nextCommit = Instant.EPOCH;

    public DeliveryLoop(String topic, Consumer<String, byte[]> consumer, RecordDeliverer delivery, InFlightWindow window,
                        ProviderCircuit circuit, Optional<DueTimeGate> gate, LedgerPartitions ledger, Timings timings,
                        Executor handoff, Clock clock) {
        this.topic = topic;
        this.consumer = consumer;
        this.delivery = delivery;
        this.window = window;
        this.circuit = circuit;
        this.gate = gate;
        this.ledger = ledger;
        this.timings = timings;
        this.clock = clock;
        this.sequencer = new KeyedSequencer(handoff);
        this.thread = new Thread(this, "delivery-" + topic);
    }

    public void start() {
        thread.start();
    }

    public String topic() {
        return topic;
    }

    /** Records in the topic this consumer has not fetched yet, summed over its partitions. */
    public long lag() {
        return lag.get();
    }

    /** Partitions this consumer owns right now. */
    public int assignedPartitions() {
        return assigned.get();
    }

    /** Set when the loop stopped because a write to Kafka failed for good. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    @Override
    public String name() {
        return topic;
    }

    /** Running once the consumer has joined its group (even with no partition: another instance may hold them all). */
    @Override
    public LoopState state() {
        if (!thread.isAlive() || failure.get() != null) {
            return LoopState.DEAD;
        }
        return joined.get() ? LoopState.RUNNING : LoopState.STARTING;
    }

    @Override
    public void run() {
        try {
            open();
            while (running.get() && failure.get() == null) {
                step();
            }
        } catch (WakeupException e) {
            if (running.get()) {
                failure.compareAndSet(null, e);
            }
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
            LOG.error("Delivery loop on {} stopped", topic, e);
        } finally {
            finish();
        }
    }

    void open() {
        consumer.subscribe(List.of(topic), new Rebalance());
    }

    /** One turn of the loop; tests drive it directly. */
    void step() {
        ConsumerRecords<String, byte[]> records = consumer.poll(nextPollTimeout());
        admit(records);
        if (!circuitOpen()) {
            dispatch();
        }
        adjustPauses();
        commitIfDue();
        measureLag();
    }

    private Duration nextPollTimeout() {
        if (!backlog.isEmpty() && !circuitOpen()) {
            return Duration.ZERO;
        }
        Duration timeout = timings.pollTimeout();
        Optional<Duration> nextDue = gate.flatMap(DueTimeGate::untilNextDue);
        return nextDue.filter(due -> due.compareTo(timeout) < 0).orElse(timeout);
    }

    private void admit(ConsumerRecords<String, byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        if (gate.isPresent()) {
            backlog.addAll(gate.get().admit(records, consumer::seek));
        } else {
            records.forEach(backlog::add);
        }
    }

    /** Starts as many backlog records as the window allows; waits one poll interval at most for the first slot. */
    private void dispatch() {
        Duration patience = timings.pollTimeout();
        while (!backlog.isEmpty() && window.tryEnter(patience)) {
            patience = Duration.ZERO;
            ConsumerRecord<String, byte[]> record = backlog.poll();
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            tracker.started(partition, record.offset());
            started(record).whenComplete((ignored, error) -> {
                window.leave();
                if (error == null) {
                    tracker.finished(partition, record.offset());
                } else {
                    // The record stays unfinished, so its offset is never committed and it is redone after restart.
                    failure.compareAndSet(null, error);
                    LOG.error("Could not record the outcome of {}-{}@{}; stopping this loop",
                            record.topic(), record.partition(), record.offset(), error);
                }
            });
        }
    }

    private CompletableFuture<Void> started(ConsumerRecord<String, byte[]> record) {
        try {
            return delivery.deliver(record, sequencer);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private boolean circuitOpen() {
        return circuit.isOpen();
    }

    private void adjustPauses() {
        Set<TopicPartition> assigned = consumer.assignment();
        Set<TopicPartition> wanted = new HashSet<>();
        if (circuitOpen() || !backlog.isEmpty()) {
            wanted.addAll(assigned);
        } else {
            gate.ifPresent(g -> wanted.addAll(g.waiting()));
            wanted.retainAll(assigned);
            assigned.stream().filter(partition -> !ledger.isLoaded(partition.partition())).forEach(wanted::add);
        }
        Set<TopicPartition> paused = consumer.paused();
        Set<TopicPartition> toResume = new HashSet<>(paused);
        toResume.removeAll(wanted);
        Set<TopicPartition> toPause = new HashSet<>(wanted);
        toPause.removeAll(paused);
        if (!toResume.isEmpty()) {
            consumer.resume(toResume);
        }
        if (!toPause.isEmpty()) {
            consumer.pause(toPause);
        }
    }

    private void commitIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(nextCommit)) {
            return;
        }
        nextCommit = now.plus(timings.commitInterval());
        Map<TopicPartition, OffsetAndMetadata> offsets = tracker.takeCommittable();
        offsets.keySet().retainAll(consumer.assignment());
        if (!offsets.isEmpty()) {
            consumer.commitAsync(offsets, (committed, error) -> {
                if (error != null) {
                    LOG.warn("Async commit on {} failed; a later commit will cover it: {}", topic, error.toString());
                }
            });
        }
    }

    private void measureLag() {
        long total = 0;
        Set<TopicPartition> assignment = consumer.assignment();
        assigned.set(assignment.size());
        for (TopicPartition partition : assignment) {
            total += consumer.currentLag(partition).orElse(0);
        }
        lag.set(total);
    }

    /** Waits for what is in flight on {@code partitions}, at most the drain timeout, then commits what finished. */
    private void drainAndCommit(Collection<TopicPartition> partitions) {
        backlog.removeIf(record -> partitions.contains(new TopicPartition(record.topic(), record.partition())));
        long deadline = System.nanoTime() + timings.drainTimeout().toNanos();
        while (tracker.unfinished(partitions) > 0 && System.nanoTime() < deadline && failure.get() == null) {
            sleep(DRAIN_POLL);
        }
        int abandoned = tracker.unfinished(partitions);
        if (abandoned > 0) {
            LOG.warn("{} records of {} still in flight after {}; their offsets stay uncommitted and they will be redone",
                    abandoned, topic, timings.drainTimeout());
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = tracker.positions(partitions);
        if (!offsets.isEmpty()) {
            try {
                commitSyncOnce(offsets);
            } catch (RuntimeException e) {
                LOG.warn("Final commit on {} failed; the records since the last commit will be redone: {}", topic, e.toString());
            }
        }
        tracker.forget(partitions);
        gate.ifPresent(g -> g.forget(partitions));
        releaseLedger(partitions);
    }

    private void releaseLedger(Collection<TopicPartition> partitions) {
        Set<Integer> released = new HashSet<>();
        partitions.forEach(partition -> {
            if (ledgerHolds.remove(partition.partition())) {
                released.add(partition.partition());
            }
        });
        ledger.release(released);
    }

    /** A wakeup meant for the poll may still be pending when closing: it fails one call, so try once more. */
    private void commitSyncOnce(Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            consumer.commitSync(offsets, CLOSE_TIMEOUT);
        } catch (WakeupException pendingWakeup) {
            consumer.commitSync(offsets, CLOSE_TIMEOUT);
        }
    }

    /** Drains, commits what finished and closes the consumer. */
    void finish() {
        try {
            drainAndCommit(Set.copyOf(consumer.assignment()));
        } finally {
            consumer.close(CLOSE_TIMEOUT);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks the loop to finish without waiting for it. */
    public void stop() {
        running.set(false);
        consumer.wakeup();
    }

    @Override
    public void close() {
        stop();
        try {
            thread.join(timings.drainTimeout().plusSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                drainAndCommit(partitions);
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            LOG.info("{} assigned {} partitions", topic, partitions.size());
            // Nothing is fetched from a partition before its ledger is loaded (adjustPauses resumes it).
            Set<Integer> numbers = new HashSet<>();
            partitions.forEach(partition -> numbers.add(partition.partition()));
            numbers.removeAll(ledgerHolds);
            ledgerHolds.addAll(numbers);
            ledger.hold(numbers);
            consumer.pause(partitions);
            joined.set(true);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            backlog.removeIf(record -> partitions.contains(new TopicPartition(record.topic(), record.partition())));
            tracker.forget(partitions);
            gate.ifPresent(g -> g.forget(partitions));
            releaseLedger(partitions);
        }
    }
}
