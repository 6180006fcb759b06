package io.notify.enricher.support;

import io.notify.enricher.EnricherApp;
import io.notify.runtime.serde.AvroSerdes;
import io.notify.stack.StackEndpoints;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The real local stack as a test on it talks to it, the way the product would: rows written to
 * PostgreSQL, committed records read from a topic, the enricher's HTTP API.
 */
public final class StackClient {

    private final StackEndpoints stack;
    private final AvroSerdes serdes;
    private final HttpClient http = HttpClient.newHttpClient();

    public StackClient(StackEndpoints stack) {
        this.stack = stack;
        this.serdes = new AvroSerdes(stack.registryUrl());
    }

    /** Everything committed on the topic so far for the user (by record key; any key when user is null). */
    public <T extends SpecificRecord> List<T> read(String topic, Class<T> type, String user, Duration forAtMost) {
        List<T> found = new ArrayList<>();
        records(topic, serdes.specific(type).deserializer(), forAtMost).stream()
                .filter(record -> user == null || user.equals(record.key()))
                .forEach(record -> found.add(record.value()));
        return found;
    }

    /** The raw records of a topic (a dead-letter topic keeps the original bytes). */
    public List<ConsumerRecord<String, byte[]>> readRaw(String topic, Duration forAtMost) {
        return records(topic, new ByteArrayDeserializer(), forAtMost);
    }

    public HttpResponse<String> get(EnricherApp instance, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + instance.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public void execute(String sql, Object... parameters) throws SQLException {
        try (Connection db = DriverManager.getConnection(stack.jdbcUrl(), stack.jdbcUser(), stack.jdbcPassword());
             PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }

    private <V> List<ConsumerRecord<String, V>> records(String topic, Deserializer<V> values, Duration forAtMost) {
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", stack.bootstrapServers(),
                "group.id", "stack-client-" + UUID.randomUUID(), "auto.offset.reset", "earliest",
                "isolation.level", "read_committed"), new StringDeserializer(), values)) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plus(forAtMost);
            while (Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(300)).forEach(records::add);
            }
        }
        return records;
    }
}
