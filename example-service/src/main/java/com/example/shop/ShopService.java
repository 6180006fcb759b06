package com.example.shop;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.avro.strategy.QualifiedRecordIdStrategy;
import io.apicurio.registry.serde.config.SerdeConfig;
import io.notify.contract.Topics;
import io.notify.events.shop.OrderShipped;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * An upstream service telling the platform that an order shipped. It never calls the platform:
 * it publishes an event on its own topic, keyed by the user to notify, and the platform decides
 * who hears about it, on which channels and in which words.
 *
 * <pre>java -cp ... com.example.shop.ShopService [bootstrap] [registry-url] [user-id]</pre>
 */
public final class ShopService {

    private ShopService() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args.length > 0 ? args[0] : "localhost:9092";
        String registry = args.length > 1 ? args[1] : "http://localhost:8081/apis/registry/v3";
        String userId = args.length > 2 ? args[2] : "u-1001";

        // Avro 1.12 loads only trusted specific classes; the contract's are ours to trust.
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                ClassSecurityValidator.getGlobal(), type -> type.getName().startsWith("io.notify.")));

        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                SerdeConfig.REGISTRY_URL, registry,
                SerdeConfig.AUTO_REGISTER_ARTIFACT, true,
                // One subject per event type, its full name, in the default group (the one Confluent
                // clients see), the schema whole; framed as Confluent's serializers do.
                SerdeConfig.ARTIFACT_RESOLVER_STRATEGY, QualifiedRecordIdStrategy.class.getName(),
                SerdeConfig.DEREFERENCE_SCHEMA, true,
                SerdeConfig.USE_ID, "contentId");

        OrderShipped event = OrderShipped.newBuilder()
                .setEventId(UUID.randomUUID().toString())  // the platform dedupes on it: reuse it when you retry
                .setOccurredAt(Instant.now())
                .setUserId(userId)
                .setOrderId("o-" + System.currentTimeMillis())
                .setCarrier("DHL")
                .setTrackingNumber("JD014600006281234567")
                .build();

        // A serializer handed to the producer as an instance is not configured by it.
        AvroKafkaSerializer<OrderShipped> serializer = new AvroKafkaSerializer<>();
        serializer.configure(config, false);
        try (KafkaProducer<String, OrderShipped> producer = new KafkaProducer<>(config, new StringSerializer(), serializer)) {
            // Keyed by the recipient: per-user order holds end to end.
            RecordMetadata sent = producer.send(new ProducerRecord<>(Topics.EVENTS_SHOP, userId, event)).get();
            System.out.printf("OrderShipped %s for %s on %s-%d@%d%n",
                    event.getEventId(), userId, sent.topic(), sent.partition(), sent.offset());
        }
    }
}
