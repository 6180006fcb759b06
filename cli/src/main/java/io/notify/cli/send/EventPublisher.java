package io.notify.cli.send;

import io.notify.cli.connection.Endpoints;
import io.notify.runtime.serde.AvroSerdes;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes one record as an upstream service would: Avro through the registry, idempotent producer. */
final class EventPublisher {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(15);

    private EventPublisher() {
    }

    static RecordMetadata publish(Endpoints endpoints, String topic, String key, SpecificRecord value) {
        endpoints.requireKafka();
        Map<String, Object> config = new HashMap<>(endpoints.kafka().clientProperties());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) SEND_TIMEOUT.toMillis());
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis() - 1000);
        @SuppressWarnings("unchecked")
        Class<SpecificRecord> type = (Class<SpecificRecord>) value.getClass();
        Serializer<SpecificRecord> serializer = new AvroSerdes(endpoints.kafka().registryUrl()).specific(type).serializer();
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(config, new StringSerializer(), serializer)) {
            return producer.send(new ProducerRecord<>(topic, key, value)).get(SEND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish to " + topic + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge the record within " + SEND_TIMEOUT.toSeconds() + " s");
        } catch (org.apache.kafka.common.errors.SerializationException e) {
            throw new IllegalStateException("could not register or encode the schema at " + endpoints.kafka().registryUrl()
                    + ": " + e.getMessage(), e);
        }
    }
}
