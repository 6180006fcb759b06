package io.notify.enricher.degradation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.notify.contract.Topics;
import io.notify.enricher.EnricherApp;
import io.notify.enricher.support.ReadyEnricher;
import io.notify.events.billing.InvoiceDue;
import io.notify.events.shop.OrderShipped;
import io.notify.runtime.config.ConfigSource;
import io.notify.runtime.deadletter.DeadLetterHeaders;
import io.notify.runtime.serde.AvroSerdes;
import io.notify.runtime.serde.SchemaRegistryUnavailableException;
import io.notify.schemas.Channel;
import io.notify.schemas.EmailNotification;
import io.notify.stack.LocalStack;
import io.notify.stack.LocalStackExtension;
import io.notify.stack.StackEndpoints;
import io.notify.stack.TemporaryDirectory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue #7, graceful degradation: the schema registry goes down under a running enricher.
 * Producers that need the registry get an error that says so; records already encoded are
 * processed from cached schemas or wait for the registry, and none is dead-lettered, lost or
 * notified twice once the registry is back (with the schemas it stored before).
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryOutageIT {

    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final Duration REGISTRY_START = Duration.ofSeconds(90);

    private final HttpClient http = HttpClient.newHttpClient();
    private LocalStack stack;
    private StackEndpoints endpoints;
    private AvroSerdes serdes;
    /** The test's own reader of notify.email, which like the enricher keeps what it has cached through the outage. */
    private Deserializer<EmailNotification> cachingReader;
    private EnricherApp enricher;
    private TemporaryDirectory stateDirectory;
    private boolean registryDown;

    @BeforeAll
    void startEnricher(LocalStack stack) throws Exception {
        this.stack = stack;
        this.endpoints = stack.endpoints();
        this.serdes = new AvroSerdes(endpoints.registryUrl());
        this.cachingReader = serdes.specific(EmailNotification.class).deserializer();
        insertEmailTemplates();
        Map<String, String> settings = new HashMap<>(endpoints.config().asMap());
        settings.put("enricher.application.id", "enricher-registry-outage-" + UUID.randomUUID());
        stateDirectory = TemporaryDirectory.create("enricher-registry-outage");
        settings.put("enricher.state.dir", stateDirectory.path().toString());
        settings.put("enricher.http.port", "0");
        // Every event of this test must become a notification: no hourly cap in the way.
        settings.put("enricher.rate.limit.per.hour", "0");
        enricher = EnricherApp.start(ConfigSource.of(settings));
        ReadyEnricher.await(enricher, WITHIN);
    }

    @AfterAll
    void stopEnricher() throws Exception {
        // Whatever happened above, the next test class of the run gets a registry.
        if (registryDown) {
            startRegistry();
        }
        if (enricher != null) {
            enricher.close();
        }
        stateDirectory.close();
    }

    @Test
    void shouldNeitherDeadLetterNorLoseNorRepeatEventsWhileTheRegistryIsDown() throws Exception {
        List<String> users = List.of(newUser(), newUser(), newUser());
        List<String> expectedEvents = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", endpoints.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            // Before the outage: the enricher meets OrderShipped and its email schema, so it has both cached.
            Batch before = orderShipped(users, "before");
            send(producer, before);
            expectedEvents.addAll(before.eventIds());
            assertThat(notificationsOf(before.eventIds(), cachingReader)).as("emails before the outage")
                    .hasSize(before.eventIds().size());
            // Encoded now, sent during the outage: OrderShipped the enricher knows, InvoiceDue it never saw.
            Batch knownDuring = orderShipped(users, "during");
            Batch unknownDuring = invoiceDue(users);
            expectedEvents.addAll(knownDuring.eventIds());
            expectedEvents.addAll(unknownDuring.eventIds());

            stack.registry().stop();
            registryDown = true;

            try (KafkaProducer<String, OrderShipped> uncached = producerOfASchemaNotYetCached()) {
                assertThatThrownBy(() -> uncached.send(
                        new ProducerRecord<>(Topics.EVENTS_SHOP, users.get(0), orderShippedEvent(users.get(0), "refused"))))
                        .as("a producer whose schema is not cached is told the registry is unreachable")
                        .isInstanceOf(SchemaRegistryUnavailableException.class)
                        .hasMessageContaining("schema registry at " + endpoints.registryUrl() + " is unreachable")
                        .hasMessageContaining(OrderShipped.getClassSchema().getFullName());
            }

            send(producer, knownDuring);
            assertThat(notificationsOf(knownDuring.eventIds(), cachingReader)).as("emails from cached schemas during the outage")
                    .hasSize(knownDuring.eventIds().size());
            double billingRead = recordsRead(Topics.EVENTS_BILLING);
            send(producer, unknownDuring);
            await("the enricher read the InvoiceDue events while the registry was down").atMost(WITHIN)
                    .until(() -> recordsRead(Topics.EVENTS_BILLING) >= billingRead + unknownDuring.records().size());

            startRegistry();
        }

        // A reader that never saw a schema: the restarted registry still knows the ids records carry.
        Map<String, List<String>> notificationsByEvent = notificationsOf(expectedEvents,
                new AvroSerdes(endpoints.registryUrl()).specific(EmailNotification.class).deserializer());
        assertThat(deadLettersOf(Set.copyOf(users))).as("dead letters of this test's users").isEmpty();
        assertThat(notificationsByEvent.keySet()).as("events notified by email").containsExactlyInAnyOrderElementsOf(expectedEvents);
        assertThat(notificationsByEvent.values()).as("one email per event, each notification id once")
                .allSatisfy(ids -> assertThat(ids).hasSize(1));
    }

    private void startRegistry() {
        stack.registry().start();
        stack.registry().awaitReady(REGISTRY_START);
        registryDown = false;
    }

    /** Reads notify.email (read_committed) until every event has its email or a minute passes: notification ids by event id. */
    private Map<String, List<String>> notificationsOf(List<String> eventIds, Deserializer<EmailNotification> reader) {
        Map<String, List<String>> byEvent = new HashMap<>();
        try (KafkaConsumer<String, EmailNotification> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", endpoints.bootstrapServers(), "group.id", "registry-outage-it-" + UUID.randomUUID(),
                "auto.offset.reset", "earliest", "isolation.level", "read_committed"),
                // Not the reader itself: closing the consumer would close it and drop its cache.
                new StringDeserializer(), (topic, bytes) -> reader.deserialize(topic, bytes))) {
            consumer.subscribe(List.of(Topics.channel(Channel.EMAIL)));
            Instant deadline = Instant.now().plus(WITHIN);
            while (!byEvent.keySet().containsAll(eventIds) && Instant.now().isBefore(deadline)) {
                collect(consumer, eventIds, byEvent);
            }
            // Whatever was committed next to the last one (a duplicate would be) is read too.
            collect(consumer, eventIds, byEvent);
        }
        return byEvent;
    }

    private static void collect(KafkaConsumer<String, EmailNotification> consumer, List<String> eventIds,
                                Map<String, List<String>> byEvent) {
        for (ConsumerRecord<String, EmailNotification> record : consumer.poll(Duration.ofMillis(500))) {
            String event = record.value().getMeta().getSourceEventId();
            if (eventIds.contains(event)) {
                byEvent.computeIfAbsent(event, e -> new ArrayList<>()).add(record.value().getMeta().getNotificationId());
            }
        }
    }

    private List<String> deadLettersOf(Set<String> users) {
        List<String> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", endpoints.bootstrapServers(), "group.id", "registry-outage-it-" + UUID.randomUUID(),
                "auto.offset.reset", "earliest", "isolation.level", "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.EVENTS_DLQ));
            // The topic is read to its end: an empty poll after the assignment means nothing more.
            Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
            boolean empty = false;
            while (!(empty && !consumer.assignment().isEmpty()) && Instant.now().isBefore(deadline)) {
                var records = consumer.poll(Duration.ofSeconds(2));
                empty = records.isEmpty();
                records.forEach(record -> {
                    if (users.contains(record.key())) {
                        found.add(record.key() + ": " + DeadLetterHeaders.read(record.headers(), DeadLetterHeaders.REASON).orElse("?"));
                    }
                });
            }
        }
        return found;
    }

    /** Records the enricher's consumers fetched from a topic so far (the tag replaces dots with underscores). */
    private double recordsRead(String topic) {
        double total = 0;
        for (Map.Entry<MetricName, ? extends Metric> metric : enricher.streams().metrics().entrySet()) {
            MetricName name = metric.getKey();
            String tagged = name.tags().get("topic");
            if (name.name().equals("records-consumed-total") && tagged != null
                    && (tagged.equals(topic) || tagged.equals(topic.replace('.', '_')))) {
                total += ((Number) metric.getValue().metricValue()).doubleValue();
            }
        }
        return total;
    }

    private KafkaProducer<String, OrderShipped> producerOfASchemaNotYetCached() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", endpoints.bootstrapServers()), new StringSerializer(),
                new AvroSerdes(endpoints.registryUrl()).specific(OrderShipped.class).serializer());
    }

    /** Events encoded ahead of sending, with their ids. */
    private record Batch(List<String> eventIds, List<ProducerRecord<String, byte[]>> records) {
    }

    private Batch orderShipped(List<String> users, String phase) {
        var serializer = serdes.specific(OrderShipped.class).serializer();
        List<OrderShipped> events = users.stream().map(user -> orderShippedEvent(user, phase)).toList();
        return new Batch(events.stream().map(OrderShipped::getEventId).toList(), events.stream().map(event -> new ProducerRecord<>(
                Topics.EVENTS_SHOP, event.getUserId(), serializer.serialize(Topics.EVENTS_SHOP, event))).toList());
    }

    private Batch invoiceDue(List<String> users) {
        var serializer = serdes.specific(InvoiceDue.class).serializer();
        List<InvoiceDue> events = users.stream().map(user -> InvoiceDue.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setUserId(user).setInvoiceId("inv-" + UUID.randomUUID())
                .setAmount("12.00").setCurrency("EUR").setDueDate("2026-12-31").build()).toList();
        return new Batch(events.stream().map(InvoiceDue::getEventId).toList(), events.stream().map(event -> new ProducerRecord<>(
                Topics.EVENTS_BILLING, event.getUserId(), serializer.serialize(Topics.EVENTS_BILLING, event))).toList());
    }

    private static OrderShipped orderShippedEvent(String user, String phase) {
        return OrderShipped.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
                .setUserId(user).setOrderId("o-" + phase + "-" + UUID.randomUUID()).setCarrier("DHL").setTrackingNumber("1Z").build();
    }

    private static void send(KafkaProducer<String, byte[]> producer, Batch batch) {
        batch.records().forEach(producer::send);
        producer.flush();
    }

    /** A user reachable by email only, so that each event makes exactly one notification. */
    private String newUser() throws Exception {
        String user = "u-" + UUID.randomUUID();
        execute("INSERT INTO users (id, email, locale) VALUES (?, ?, 'en')", user, user + "@example.com");
        await("user " + user + " reached the enricher").atMost(WITHIN).ignoreExceptions()
                .until(() -> profile(user).contains(user + "@example.com"));
        return user;
    }

    private String profile(String user) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + enricher.httpPort() + "/users/" + user)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? response.body() : "";
    }

    private void insertEmailTemplates() throws Exception {
        execute("INSERT INTO templates (template_id, event_type, channel, locale, category, subject, body, html_body) "
                + "VALUES ('outage_order_shipped', ?, 'email', 'en', 'shipping', 'Order {{orderId}} shipped', "
                + "'Order {{orderId}} is on its way', '<p>Order {{orderId}}</p>') ON CONFLICT DO NOTHING",
                OrderShipped.getClassSchema().getFullName());
        execute("INSERT INTO templates (template_id, event_type, channel, locale, category, subject, body, html_body) "
                + "VALUES ('outage_invoice_due', ?, 'email', 'en', 'billing', 'Invoice {{invoiceId}} due', "
                + "'Invoice {{invoiceId}}: {{amount}} {{currency}}', '<p>Invoice {{invoiceId}}</p>') ON CONFLICT DO NOTHING",
                InvoiceDue.getClassSchema().getFullName());
    }

    private void execute(String sql, Object... parameters) throws Exception {
        try (Connection db = DriverManager.getConnection(endpoints.jdbcUrl(), endpoints.jdbcUser(), endpoints.jdbcPassword());
             PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }
}
