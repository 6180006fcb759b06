package io.notify.delivery.ledger;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.notify.delivery.health.BackgroundLoop;
import io.notify.delivery.health.LoopState;
import io.notify.runtime.topics.Acknowledged;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger as a compacted topic keyed by notification id and co-partitioned with the channel
 * topics (an entry goes to the partition its record was read from), kept per instance in a
 * {@link LedgerStore} for only the partitions its consumers hold.
 *
 * <p>Why a topic: it survives the loss of the machine, and a partition that moves to another
 * instance brings its entries along: the new owner reads the partition up to its end before it
 * sends anything from it. Why local and per partition: memory and start-up do not grow with what
 * was ever sent, and adding instances divides the work. A restart reads only what was appended
 * since the store last saw the partition.
 */
public final class KafkaDeliveryLedger implements DeliveryLedger, LedgerPartitions, BackgroundLoop {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaDeliveryLedger.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final int MAX_POLL_RECORDS = 10_000;

    private final String topic;
    private final Duration horizon;
    private final Clock clock;
    private final Producer<String, byte[]> producer;
    private final LedgerStore store;
    private final Consumer<byte[], byte[]> reader;
    private final Thread readerThread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    // Guarded by this: read by the consumers' threads, advanced by the reader thread.
    private final Map<Integer, Held> held = new HashMap<>();

    /** One held partition: how many consumers hold it and how far it is loaded. */
    private static final class Held {
        int holders;
        /** Counts holds, so a load target taken before the latest hold began is not accepted for it. */
        long holdsBegun;
        long targetForHolds = -1;
        long target = Long.MAX_VALUE;
        long position = -1;
        boolean reported;

        boolean loaded() {
            return targetForHolds == holdsBegun && position >= target;
        }
    }

    KafkaDeliveryLedger(String topic, Duration horizon, Clock clock, Producer<String, byte[]> producer, LedgerStore store,
                        Consumer<byte[], byte[]> reader) {
        this.topic = topic;
        this.horizon = horizon;
        this.clock = clock;
        this.producer = producer;
        this.store = store;
        this.reader = reader;
        this.readerThread = new Thread(this::follow, "delivery-ledger-reader");
        this.readerThread.setDaemon(true);
    }

    /**
     * Opens the store under {@code stateDirectory} and starts following whatever gets held.
     * Entries are written through {@code producer}, the one that writes the SENT statuses.
     */
    public static KafkaDeliveryLedger open(String topic, Duration horizon, Path stateDirectory, Producer<String, byte[]> producer,
                                           Map<String, Object> clientProperties, Clock clock) {
        LedgerStore store = LedgerStore.open(stateDirectory.resolve("ledger-" + topic), horizon);
        // Keys as bytes: the store keeps them as they are, and a restore reads millions of them.
        KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(readerProperties(clientProperties), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        KafkaDeliveryLedger ledger = new KafkaDeliveryLedger(topic, horizon, clock, producer, store, reader);
        ledger.readerThread.start();
        return ledger;
    }

    @Override
    public boolean isSent(String notificationId) {
        long cutoff = clock.millis() - horizon.toMillis();
        return store.sentAt(notificationId).stream().anyMatch(sentAt -> sentAt >= cutoff);
    }

    @Override
    public CompletableFuture<Void> recordSent(int partition, String notificationId, String providerMessageId) {
        store.put(notificationId, clock.millis());
        byte[] value = (providerMessageId == null ? "" : providerMessageId).getBytes(UTF_8);
        return Acknowledged.send(producer, new ProducerRecord<>(topic, partition, notificationId, value));
    }

    @Override
    public synchronized void hold(Collection<Integer> partitions) {
        for (int partition : partitions) {
            Held entry = held.computeIfAbsent(partition, p -> new Held());
            entry.holders++;
            entry.holdsBegun++;
        }
        notifyAll();
    }

    @Override
    public synchronized void release(Collection<Integer> partitions) {
        for (int partition : partitions) {
            Held entry = held.get(partition);
            if (entry != null && --entry.holders <= 0) {
                held.remove(partition);
            }
        }
    }

    @Override
    public synchronized boolean isLoaded(int partition) {
        Held entry = held.get(partition);
        return entry != null && entry.loaded();
    }

    /** Partitions some consumer of this instance holds now. */
    public synchronized int heldPartitions() {
        return held.size();
    }

    @Override
    public String name() {
        return "ledger " + topic;
    }

    /** Running while its reader follows the topic and every held partition is loaded. */
    @Override
    public LoopState state() {
        if (!readerThread.isAlive()) {
            return LoopState.DEAD;
        }
        synchronized (this) {
            return held.values().stream().allMatch(Held::loaded) ? LoopState.RUNNING : LoopState.STARTING;
        }
    }

    private void follow() {
        try {
            while (running.get()) {
                readOnce();
            }
        } catch (WakeupException e) {
            if (running.get()) {
                LOG.error("Delivery ledger reader woken while running; stopped", e);
            }
        } catch (RuntimeException e) {
            LOG.error("Delivery ledger reader stopped", e);
        } finally {
            reader.close(Duration.ofSeconds(3));
        }
    }

    /** One turn of the reader; tests drive it directly. */
    void readOnce() {
        Map<Integer, Long> wanted = awaitHolds();
        if (wanted.isEmpty()) {
            return;
        }
        assign(wanted.keySet());
        takeTargets(wanted);
        ConsumerRecords<byte[], byte[]> records = reader.poll(POLL);
        if (!records.isEmpty()) {
            store.apply(records, records.partitions().stream()
                    .collect(Collectors.toMap(TopicPartition::partition, reader::position)));
        }
        advance();
    }

    /** Partitions held now, each with the number of holds begun that a load target taken now would serve. */
    private synchronized Map<Integer, Long> awaitHolds() {
        if (held.isEmpty()) {
            try {
                wait(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running.set(false);
            }
        }
        Map<Integer, Long> wanted = new HashMap<>();
        held.forEach((partition, entry) -> wanted.put(partition, entry.holdsBegun));
        return wanted;
    }

    /** Assigns the reader exactly {@code partitions}; one it did not follow yet resumes where the store last read it. */
    private void assign(Set<Integer> partitions) {
        Set<TopicPartition> wanted = partitions.stream().map(p -> new TopicPartition(topic, p)).collect(Collectors.toSet());
        Set<TopicPartition> current = reader.assignment();
        if (wanted.equals(current)) {
            return;
        }
        reader.assign(wanted);
        Set<TopicPartition> added = new HashSet<>(wanted);
        added.removeAll(current);
        for (TopicPartition partition : added) {
            var next = store.nextOffset(partition.partition());
            if (next.isPresent()) {
                reader.seek(partition, next.getAsLong());
            } else {
                reader.seekToBeginning(Set.of(partition));
            }
        }
    }

    /** For partitions with a hold that has no target yet: the topic's end now, which covers every entry written before the hold. */
    private void takeTargets(Map<Integer, Long> holdsBegun) {
        Set<TopicPartition> needed;
        synchronized (this) {
            needed = holdsBegun.keySet().stream()
                    .filter(p -> held.containsKey(p) && held.get(p).targetForHolds != holdsBegun.get(p))
                    .map(p -> new TopicPartition(topic, p))
                    .collect(Collectors.toSet());
        }
        if (needed.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> ends = reader.endOffsets(needed);
        synchronized (this) {
            ends.forEach((partition, end) -> {
                Held entry = held.get(partition.partition());
                if (entry != null) {
                    entry.target = end;
                    entry.targetForHolds = holdsBegun.get(partition.partition());
                }
            });
        }
    }

    private void advance() {
        Map<Integer, Long> positions = new HashMap<>();
        for (TopicPartition partition : reader.assignment()) {
            positions.put(partition.partition(), reader.position(partition));
        }
        synchronized (this) {
            positions.forEach((partition, position) -> {
                Held entry = held.get(partition);
                if (entry == null) {
                    return;
                }
                entry.position = position;
                if (entry.loaded() && !entry.reported) {
                    entry.reported = true;
                    LOG.info("Ledger {} partition {} loaded up to offset {}", topic, partition, position);
                }
            });
        }
    }

    private static Map<String, Object> readerProperties(Map<String, Object> base) {
        Map<String, Object> properties = new HashMap<>(base);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "delivery-ledger-reader");
        return properties;
    }

    @Override
    public void close() {
        running.set(false);
        reader.wakeup();
        synchronized (this) {
            notifyAll();
        }
        try {
            readerThread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (readerThread.isAlive()) {
            // Closing native memory under a thread that still reads it would crash the process.
            LOG.warn("Delivery ledger reader did not stop; its store is left open");
        } else {
            store.close();
        }
    }
}
