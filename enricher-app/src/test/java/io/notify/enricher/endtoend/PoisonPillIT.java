package io.notify.enricher.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.notify.contract.Topics;
import io.notify.enricher.EnricherApp;
import io.notify.enricher.routing.SuppressionReason;
import io.notify.events.shop.OrderShipped;
import io.notify.runtime.config.ConfigSource;
import io.notify.runtime.deadletter.DeadLetterHeaders;
import io.notify.runtime.serde.AvroSerdes;
import io.notify.schemas.AndroidPushNotification;
import io.notify.schemas.Channel;
import io.notify.schemas.Content;
import io.notify.schemas.EmailNotification;
import io.notify.schemas.IosPushNotification;
import io.notify.schemas.NotificationRequested;
import io.notify.schemas.NotificationStatus;
import io.notify.schemas.Priority;
import io.notify.schemas.SmsNotification;
import io.notify.stack.LocalStackExtension;
import io.notify.enricher.support.StackClient;
import io.notify.stack.StackEndpoints;
import io.notify.stack.TemporaryDirectory;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * No single record halts a partition: an event with a field near the broker's 1 MB limit (the
 * event itself fits) meets templates that render that field on every channel, and the next event
 * of the same user, on the same partition, is routed normally on all four channels.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoisonPillIT {

    private static final Duration WITHIN = Duration.ofSeconds(90);
    /** Templates in a locale of their own, so they do not replace the other tests' order-shipped templates. */
    private static final String LOCALE = "fr";
    private static final String NEAR_A_MEGABYTE = "x".repeat(900_000);

    private TemporaryDirectory stateDirectory;
    private StackEndpoints stack;
    private StackClient client;
    private AvroSerdes serdes;
    private EnricherApp enricher;

    @BeforeAll
    void start(StackEndpoints stack) throws Exception {
        this.stack = stack;
        this.client = new StackClient(stack);
        this.serdes = new AvroSerdes(stack.registryUrl());
        insertTemplates();
        Map<String, String> settings = new HashMap<>(stack.config().asMap());
        settings.put("enricher.application.id", "enricher-poison-pill-" + UUID.randomUUID());
        stateDirectory = TemporaryDirectory.create("enricher-poison-pill");
        settings.put("enricher.state.dir", stateDirectory.path().toString());
        settings.put("enricher.http.port", "0");
        enricher = EnricherApp.start(ConfigSource.of(settings));
        await().atMost(WITHIN).until(() -> enricher.streams().state() == KafkaStreams.State.RUNNING);
    }

    @AfterAll
    void stop() {
        if (enricher != null) {
            enricher.close();
        }
        stateDirectory.close();
    }

    @Test
    void shouldSuppressTheLargeEventOnEveryChannelAndRouteTheNextOne() throws Exception {
        String user = newUser("+14155550171");
        String large = UUID.randomUUID().toString();
        String next = UUID.randomUUID().toString();

        produce(user, large, NEAR_A_MEGABYTE);
        produce(user, next, "DHL");

        await().atMost(WITHIN).untilAsserted(() -> assertThat(statusesOf(user, large))
                .extracting(s -> s.getChannel() + " " + s.getState() + " " + s.getReason())
                .containsExactlyInAnyOrder(
                        "IOS SUPPRESSED " + SuppressionReason.PAYLOAD_TOO_LARGE,
                        "ANDROID SUPPRESSED " + SuppressionReason.PAYLOAD_TOO_LARGE,
                        "SMS SUPPRESSED " + SuppressionReason.PAYLOAD_TOO_LARGE,
                        "EMAIL SUPPRESSED " + SuppressionReason.PAYLOAD_TOO_LARGE));
        assertRoutedOnEveryChannel(user, next);
        assertThat(deadLettersOf(user)).as("nothing failed at the producer").isEmpty();
        assertAnswersQueries(user);
    }

    @Test
    void shouldRouteARequestNearAMegabyteThroughTheRepartitionAndTheNextEvent() throws Exception {
        String user = newUser("+14155550172");
        String request = UUID.randomUUID().toString();
        String next = UUID.randomUUID().toString();

        // ~900 kB: fits the broker as sent, more than 1 MB once decoded beside its original bytes.
        produceRequest(user, request, "y".repeat(450_000));
        produce(user, next, "DHL");

        await().atMost(WITHIN).untilAsserted(() -> assertThat(
                client.read(Topics.channel(Channel.EMAIL), EmailNotification.class, user, Duration.ofSeconds(3)))
                .extracting(n -> n.getMeta().getSourceEventId().toString()).contains(request));
        assertRoutedOnEveryChannel(user, next);
        assertThat(deadLettersOf(user)).isEmpty();
    }

    private void assertRoutedOnEveryChannel(String user, String eventId) {
        await().atMost(WITHIN).untilAsserted(() -> {
            assertThat(client.read(Topics.channel(Channel.IOS), IosPushNotification.class, user, Duration.ofSeconds(3)))
                    .extracting(n -> n.getMeta().getSourceEventId().toString()).contains(eventId);
            assertThat(client.read(Topics.channel(Channel.ANDROID), AndroidPushNotification.class, user, Duration.ofSeconds(3)))
                    .extracting(n -> n.getMeta().getSourceEventId().toString()).contains(eventId);
            assertThat(client.read(Topics.channel(Channel.SMS), SmsNotification.class, user, Duration.ofSeconds(3)))
                    .extracting(n -> n.getMeta().getSourceEventId().toString()).contains(eventId);
            assertThat(client.read(Topics.channel(Channel.EMAIL), EmailNotification.class, user, Duration.ofSeconds(3)))
                    .extracting(n -> n.getMeta().getSourceEventId().toString()).contains(eventId);
        });
    }

    private void assertAnswersQueries(String user) {
        await().atMost(WITHIN).untilAsserted(() -> {
            HttpResponse<String> notifications = client.get(enricher, "/users/" + user + "/notifications");
            assertThat(notifications.statusCode()).isEqualTo(200);
            assertThat(notifications.body()).contains("ROUTED");
        });
    }

    private String newUser(String phone) throws Exception {
        String user = "u-" + UUID.randomUUID();
        client.execute("INSERT INTO users (id, email, phone_number, locale) VALUES (?, ?, ?, ?)", user, user + "@example.com", phone, LOCALE);
        client.execute("INSERT INTO devices (user_id, platform, device_token) VALUES (?, 'ios', ?)", user, "ios-" + user);
        client.execute("INSERT INTO devices (user_id, platform, device_token) VALUES (?, 'android', ?)", user, "android-" + user);
        await().atMost(WITHIN).ignoreExceptions()
                // Both devices: each comes through the repartition from its own partition, in no set order.
                .until(() -> client.get(enricher, "/users/" + user).body().contains("ios-" + user)
                        && client.get(enricher, "/users/" + user).body().contains("android-" + user));
        return user;
    }

    /** Every channel renders the carrier into its title or subject, its text and (email) its HTML. */
    private void insertTemplates() throws Exception {
        for (String channel : List.of("ios", "android", "sms", "email")) {
            client.execute("INSERT INTO templates (template_id, event_type, channel, locale, category, subject, body, html_body) "
                    + "VALUES ('it_poison_pill', ?, ?, ?, 'shipping', 'Shipped with {{carrier}}', "
                    + "'Order {{orderId}} is on its way with {{carrier}}', ?) ON CONFLICT DO NOTHING",
                    OrderShipped.getClassSchema().getFullName(), channel, LOCALE,
                    channel.equals("email") ? "<p>Carrier: {{carrier}}</p>" : null);
        }
    }

    private void produce(String user, String eventId, String carrier) {
        OrderShipped event = OrderShipped.newBuilder().setEventId(eventId).setOccurredAt(Instant.now())
                .setUserId(user).setOrderId("o-" + eventId).setCarrier(carrier).setTrackingNumber("1Z").build();
        try (KafkaProducer<String, OrderShipped> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", stack.bootstrapServers()), new StringSerializer(),
                serdes.specific(OrderShipped.class).serializer())) {
            producer.send(new ProducerRecord<>(Topics.EVENTS_SHOP, user, event));
        }
    }

    private void produceRequest(String user, String eventId, String text) {
        NotificationRequested request = NotificationRequested.newBuilder().setEventId(eventId).setTo(List.of(user))
                .setFrom("ops@example.com").setSubject("Statement")
                .setContent(List.of(new Content("text/plain", text), new Content("text/html", "<p>" + text + "</p>")))
                .setCategory("service").setPriority(Priority.NORMAL).build();
        try (KafkaProducer<String, NotificationRequested> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", stack.bootstrapServers()), new StringSerializer(),
                serdes.specific(NotificationRequested.class).serializer())) {
            producer.send(new ProducerRecord<>(Topics.REQUESTS, eventId, request));
        }
    }

    private List<NotificationStatus> statusesOf(String user, String eventId) {
        return client.read(Topics.STATUS, NotificationStatus.class, null, Duration.ofSeconds(3)).stream()
                .filter(s -> s.getUserId().toString().equals(user) && s.getSourceEventId().toString().equals(eventId))
                .toList();
    }

    /** The reasons of the dead letters keyed by the user. */
    private List<String> deadLettersOf(String user) {
        return client.readRaw(Topics.EVENTS_DLQ, Duration.ofSeconds(3)).stream()
                .filter(record -> user.equals(record.key()))
                .map(record -> reason(record.headers()))
                .toList();
    }

    private static String reason(Headers headers) {
        return DeadLetterHeaders.read(headers, DeadLetterHeaders.REASON).orElse("none");
    }
}
