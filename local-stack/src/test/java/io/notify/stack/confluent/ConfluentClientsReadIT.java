package io.notify.stack.confluent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notify.runtime.serde.AvroSerdes;
import io.notify.schemas.SmsNotification;
import io.notify.stack.LocalStackExtension;
import io.notify.stack.StackEndpoints;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the platform publishes is readable by any Confluent-protocol client: one record of every
 * Avro topic of the contract, written by the project's serializer and read back from Kafka, is
 * decoded from what the registry's Confluent-compatible API alone returns, by plain Avro and by
 * a JavaScript client the project did not write.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConfluentClientsReadIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte CONFLUENT_MAGIC_BYTE = 0;

    private final Map<String, SpecificRecord> samples = ContractSamples.byTopic();
    private final Map<String, byte[]> published = new HashMap<>();
    private String ccompatUrl;
    private ConfluentView registry;

    @BeforeAll
    void publishOneRecordOnEveryAvroTopic(StackEndpoints stack) throws Exception {
        ccompatUrl = stack.registryUrl().replace("/apis/registry/v3", "/apis/ccompat/v7");
        registry = new ConfluentView(ccompatUrl);
        AvroSerdes serdes = new AvroSerdes(stack.registryUrl());
        Map<String, RecordMetadata> written = new HashMap<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", stack.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            for (Map.Entry<String, SpecificRecord> sample : samples.entrySet()) {
                byte[] value = serialize(serdes, sample.getKey(), sample.getValue());
                written.put(sample.getKey(), producer.send(new ProducerRecord<>(sample.getKey(), "k", value)).get());
            }
        }
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", stack.bootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            written.forEach((topic, at) -> published.put(topic, readAt(consumer, at)));
        }
    }

    @Test
    void shouldHaveASampleOfEveryAvroTopicOfTheContract() {
        assertThat(samples.keySet()).containsExactlyInAnyOrderElementsOf(ContractSamples.avroTopics());
    }

    @Test
    void shouldDecodeEveryTopicWithPlainAvroFromWhatTheConfluentApiReturns() throws IOException {
        SoftAssertions softly = new SoftAssertions();
        for (Map.Entry<String, byte[]> record : published.entrySet()) {
            String topic = record.getKey();
            byte[] value = record.getValue();
            softly.assertThat(value[0]).as("%s: Confluent's magic byte", topic).isEqualTo(CONFLUENT_MAGIC_BYTE);
            int schemaId = ByteBuffer.wrap(value, 1, 4).getInt();
            Schema writer = registry.writerSchema(schemaId);
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null);
            GenericRecord decoded = new GenericDatumReader<GenericRecord>(writer).read(null, decoder);
            softly.assertThat(decoder.isEnd()).as("%s: the writer schema accounts for every byte", topic).isTrue();
            softly.assertThat(JSON.readTree(decoded.toString())).as("%s decoded", topic).isEqualTo(expected(topic));
            // The record-name strategy: a record's subject is its full name, and its latest version is what is written.
            JsonNode subject = registry.latestVersion(writer.getFullName());
            softly.assertThat(subject.path("id").asInt()).as("%s: id of subject %s", topic, writer.getFullName())
                    .isEqualTo(schemaId);
        }
        softly.assertAll();
    }

    @Test
    void shouldDecodeEveryTopicWithTheJavaScriptConfluentClient() throws IOException {
        ConfluentJavaScriptClient client = ConfluentJavaScriptClient.installed();
        Map<String, JsonNode> decoded = client.decode(ccompatUrl, published);

        SoftAssertions softly = new SoftAssertions();
        for (String topic : published.keySet()) {
            JsonNode answer = decoded.get(topic);
            softly.assertThat(answer).as("%s: the client's answer", topic).isNotNull();
            if (answer != null) {
                softly.assertThat(answer.path("error").asText(null)).as("%s: the client's error", topic).isNull();
                softly.assertThat(answer.path("decoded")).as("%s decoded by @kafkajs/confluent-schema-registry", topic)
                        .isEqualTo(expected(topic));
            }
        }
        softly.assertAll();
    }

    @Test
    void shouldRefuseAnIncompatibleVersionOfAContractSubjectWhoeverRegistersIt() {
        Schema current = SmsNotification.getClassSchema();
        String withNewRequiredField = current.toString().replaceFirst("\"fields\":\\[",
                "\"fields\":[{\"name\":\"segments\",\"type\":\"int\"},");

        HttpResponse<String> answer = registry.register(current.getFullName(), withNewRequiredField);

        assertThat(answer.statusCode()).as("registering a field old records lack, with no default: " + answer.body())
                .isEqualTo(409);
    }

    /** The sample as plain Avro sees it (a timestamp is its long, an enum its symbol), as JSON. */
    private JsonNode expected(String topic) throws IOException {
        SpecificRecord sample = samples.get(topic);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new SpecificDatumWriter<SpecificRecord>(sample.getSchema()).write(sample, encoder);
        encoder.flush();
        GenericRecord plain = new GenericDatumReader<GenericRecord>(sample.getSchema())
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
        return JSON.readTree(plain.toString());
    }

    @SuppressWarnings("unchecked")
    private static byte[] serialize(AvroSerdes serdes, String topic, SpecificRecord value) {
        Class<SpecificRecord> type = (Class<SpecificRecord>) value.getClass();
        return serdes.specific(type).serializer().serialize(topic, value);
    }

    private static byte[] readAt(KafkaConsumer<String, byte[]> consumer, RecordMetadata at) {
        TopicPartition partition = new TopicPartition(at.topic(), at.partition());
        consumer.assign(List.of(partition));
        consumer.seek(partition, at.offset());
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                if (record.offset() == at.offset()) {
                    return record.value();
                }
            }
        }
        throw new AssertionError("the record written at " + at + " was not read back within 30 s");
    }
}
