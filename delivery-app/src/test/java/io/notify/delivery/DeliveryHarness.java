package io.notify.delivery;

import io.notify.contract.Topics;
import io.notify.delivery.pipeline.ChannelProvider;
import io.notify.runtime.config.ConfigSource;
import io.notify.runtime.serde.AvroSerdes;
import io.notify.runtime.serde.ContractClasses;
import io.notify.schemas.Channel;
import io.notify.schemas.NotificationStatus;
import io.notify.stack.StackEndpoints;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the delivery integration tests share: a run id that keeps their consumer groups and
 * ledger apart, a registry-framed producer, and readers for the output topics.
 */
public final class DeliveryHarness implements AutoCloseable {

    public static final Duration PATIENCE = Duration.ofSeconds(45);

    private final StackEndpoints stack;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicInteger apps = new AtomicInteger();
    private final AvroSerdes serdes;
    private final KafkaProducer<String, byte[]> producer;

    public DeliveryHarness(StackEndpoints stack) {
        this.stack = stack;
        ContractClasses.trust();
        this.serdes = new AvroSerdes(stack.registryUrl());
        this.producer = new KafkaProducer<>(Map.of("bootstrap.servers", stack.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Unique within this test: prefix notification ids and user ids with it. */
    public String id(String name) {
        return run + "-" + name;
    }

    public ConfigSource config(Map<String, String> overrides) {
        return ConfigSource.of(values(overrides));
    }

    /** Every setting of a test app: the stack's endpoints, this run's names, then {@code overrides}. */
    public Map<String, String> values(Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(stack.asMap());
        values.putAll(Map.of(
                // Every app its own ledger store, as every instance has in production; two at once in one test are two instances.
                "delivery.state.dir", Path.of("target", "delivery-state", run + "-" + apps.incrementAndGet()).toAbsolutePath().toString(),
                "delivery.group.prefix", "it-" + run,
                "delivery.retry.tiers", "1s,2s",
                "delivery.metrics.port", "0",
                "delivery.ledger.topic", "it.delivery.ledger." + run,
                "delivery.feedback.enabled", "false",
                "delivery.drain.timeout", "PT5S"));
        values.putAll(overrides);
        return values;
    }

    public DeliveryApp start(Map<Channel, ScriptedAdapter<?>> adapters, Map<String, String> overrides) {
        Map<Channel, ChannelProvider> providers = new HashMap<>();
        adapters.forEach((channel, adapter) -> providers.put(channel, ChannelProvider.withoutCircuit(adapter)));
        return DeliveryApp.start(config(overrides), providers);
    }

    @SuppressWarnings("unchecked")
    public <V extends SpecificRecord> void produce(Channel channel, String key, V value) {
        Serializer<V> serializer = serdes.specific((Class<V>) value.getClass()).serializer();
        String topic = Topics.channel(channel);
        send(topic, key, serializer.serialize(topic, value));
    }

    public void send(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not produce to " + topic, e);
        }
    }

    public AvroSerdes serdes() {
        return serdes;
    }

    public StackEndpoints stack() {
        return stack;
    }

    public TopicReader<NotificationStatus> statusReader() {
        return new TopicReader<>(stack.bootstrapServers(), Topics.STATUS, serdes.specific(NotificationStatus.class).deserializer());
    }

    public TopicReader<byte[]> rawReader(String topic) {
        return new TopicReader<>(stack.bootstrapServers(), topic, (t, bytes) -> bytes);
    }

    /** The statuses of {@code ids}, in topic order, once every id has one matching {@code last}. */
    public static List<NotificationStatus> statusesOf(List<ConsumerRecord<String, NotificationStatus>> records, Set<String> ids) {
        return records.stream().map(ConsumerRecord::value)
                .filter(status -> ids.contains(status.getNotificationId()))
                .collect(Collectors.toList());
    }

    @Override
    public void close() {
        producer.close();
    }
}
