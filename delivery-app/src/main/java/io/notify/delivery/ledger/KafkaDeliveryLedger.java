package io.notify.delivery.ledger;

import io.notify.delivery.health.BackgroundLoop;
import io.notify.delivery.health.LoopState;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger as a compacted topic keyed by notification id, mirrored in memory.
 *
 * <p>Why a topic: it survives the loss of the machine (a local file does not), every instance
 * reads every partition so a notification sent by another instance before a rebalance is known
 * here too, and compaction keeps one entry per notification. Entries older than the horizon
 * are dropped from memory (and by topic retention): a replay older than that is deliberate.
 */
public final class KafkaDeliveryLedger implements DeliveryLedger, BackgroundLoop {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaDeliveryLedger.class);
    private static final Duration EVICTION_INTERVAL = Duration.ofMinutes(1);
    private static final Duration METADATA_RETRY = Duration.ofMillis(200);

    private final String topic;
    private final Duration horizon;
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> reader;
    private final Thread readerThread;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final AtomicBoolean running = new AtomicBoolean(true);

    private KafkaDeliveryLedger(String topic, Duration horizon, Map<String, Object> clientProperties) {
        this.topic = topic;
        this.horizon = horizon;
        this.producer = new KafkaProducer<>(producerProperties(clientProperties), new StringSerializer(), new StringSerializer());
        this.reader = new KafkaConsumer<>(readerProperties(clientProperties), new StringDeserializer(), new StringDeserializer());
        this.readerThread = new Thread(this::follow, "delivery-ledger-reader");
        this.readerThread.setDaemon(true);
    }

    /** Loads the whole topic before returning, then keeps following it. */
    public static KafkaDeliveryLedger open(String topic, Duration horizon, Map<String, Object> clientProperties, Duration loadTimeout) {
        KafkaDeliveryLedger ledger = new KafkaDeliveryLedger(topic, horizon, clientProperties);
        ledger.readerThread.start();
        try {
            if (!ledger.caughtUp.await(loadTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                ledger.close();
                throw new IllegalStateException("delivery ledger " + topic + " did not load within " + loadTimeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ledger.close();
            throw new IllegalStateException("interrupted while loading the delivery ledger", e);
        }
        LOG.info("Delivery ledger {} loaded with {} sent notifications", topic, ledger.sentAt.size());
        return ledger;
    }

    @Override
    public boolean isSent(String notificationId) {
        return sentAt.containsKey(notificationId);
    }

    @Override
    public CompletableFuture<Void> recordSent(String notificationId, String providerMessageId) {
        sentAt.put(notificationId, System.currentTimeMillis());
        CompletableFuture<Void> durable = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic, notificationId, providerMessageId == null ? "" : providerMessageId),
                (metadata, error) -> {
                    if (error == null) {
                        durable.complete(null);
                    } else {
                        durable.completeExceptionally(error);
                    }
                });
        return durable;
    }

    public int size() {
        return sentAt.size();
    }

    @Override
    public String name() {
        return "ledger " + topic;
    }

    /** Its reader thread follows the topic; a reader that stopped leaves every later send unrecorded here. */
    @Override
    public LoopState state() {
        if (!readerThread.isAlive()) {
            return LoopState.DEAD;
        }
        return caughtUp.getCount() == 0 ? LoopState.RUNNING : LoopState.STARTING;
    }

    private void follow() {
        try {
            List<TopicPartition> partitions = partitions();
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            Map<TopicPartition, Long> loadEnd = reader.endOffsets(partitions);
            Instant nextEviction = Instant.now().plus(EVICTION_INTERVAL);
            while (running.get()) {
                for (ConsumerRecord<String, String> record : reader.poll(Duration.ofMillis(500))) {
                    remember(record);
                }
                if (caughtUp.getCount() > 0 && loadEnd.entrySet().stream()
                        .allMatch(end -> reader.position(end.getKey()) >= end.getValue())) {
                    caughtUp.countDown();
                }
                if (Instant.now().isAfter(nextEviction)) {
                    evictOlderThan(System.currentTimeMillis() - horizon.toMillis());
                    nextEviction = Instant.now().plus(EVICTION_INTERVAL);
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.error("Delivery ledger reader stopped", e);
        } finally {
            reader.close();
        }
    }

    /** A topic created a moment ago may not be in the metadata yet: ask until it is. */
    private List<TopicPartition> partitions() {
        while (running.get()) {
            List<TopicPartition> partitions = reader.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            if (!partitions.isEmpty()) {
                return partitions;
            }
            try {
                Thread.sleep(METADATA_RETRY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return List.of();
    }

    private void remember(ConsumerRecord<String, String> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            sentAt.remove(record.key());
        } else {
            sentAt.merge(record.key(), record.timestamp(), Math::max);
        }
    }

    private void evictOlderThan(long cutoff) {
        sentAt.values().removeIf(at -> at < cutoff);
    }

    private static Map<String, Object> producerProperties(Map<String, Object> base) {
        Map<String, Object> properties = new HashMap<>(base);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "delivery-ledger-writer");
        return properties;
    }

    private static Map<String, Object> readerProperties(Map<String, Object> base) {
        Map<String, Object> properties = new HashMap<>(base);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "delivery-ledger-reader");
        return properties;
    }

    @Override
    public void close() {
        running.set(false);
        reader.wakeup();
        try {
            readerThread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(10));
    }
}
