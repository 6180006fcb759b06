package io.notify.enricher.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notify.contract.Topics;
import io.notify.enricher.EnricherApp;
import io.notify.enricher.support.ReadyEnricher;
import io.notify.enricher.support.StackClient;
import io.notify.events.shop.OrderShipped;
import io.notify.runtime.config.ConfigSource;
import io.notify.runtime.deadletter.DeadLetterHeaders;
import io.notify.runtime.serde.AvroSerdes;
import io.notify.schemas.AndroidPushNotification;
import io.notify.schemas.Content;
import io.notify.schemas.DeliveryState;
import io.notify.schemas.EmailNotification;
import io.notify.schemas.IosPushNotification;
import io.notify.schemas.NotificationRequested;
import io.notify.schemas.NotificationStatus;
import io.notify.schemas.SmsNotification;
import io.notify.stack.LocalStackExtension;
import io.notify.stack.StackEndpoints;
import io.notify.stack.TemporaryDirectory;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The enricher on the real stack: contact data written to PostgreSQL arrives by Debezium, events
 * are produced through the registry, two instances share the work, and both answer queries.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EnricherEndToEndIT {

    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORDER_SHIPPED = OrderShipped.getClassSchema().getFullName();

    private final List<EnricherApp> instances = new ArrayList<>();
    private final List<TemporaryDirectory> stateDirectories = new ArrayList<>();
    private StackEndpoints stack;
    private StackClient client;
    private AvroSerdes serdes;

    @BeforeAll
    void startTwoInstances(StackEndpoints stack) throws Exception {
        this.stack = stack;
        this.client = new StackClient(stack);
        this.serdes = new AvroSerdes(stack.registryUrl());
        insertTemplates();
        String applicationId = "enricher-it-" + UUID.randomUUID();
        for (int i = 0; i < 2; i++) {
            Map<String, String> settings = new HashMap<>(stack.config().asMap());
            settings.put("enricher.application.id", applicationId);
            TemporaryDirectory stateDirectory = TemporaryDirectory.create("enricher-it-" + i);
            stateDirectories.add(stateDirectory);
            settings.put("enricher.state.dir", stateDirectory.path().toString());
            settings.put("enricher.http.port", "0");
            instances.add(EnricherApp.start(ConfigSource.of(settings)));
        }
        // Both started before either is awaited: the second joining would take the first's readiness away again.
        instances.forEach(instance -> ReadyEnricher.await(instance, WITHIN));
    }

    @AfterAll
    void stop() throws Exception {
        instances.forEach(EnricherApp::close);
        stateDirectories.forEach(TemporaryDirectory::close);
    }

    @Test
    void shouldTurnAnEventIntoOneNotificationPerChannelAndDevice() throws Exception {
        String user = newUser("+14155550101");
        String order = "o-" + UUID.randomUUID();

        produce(user, order);

        assertThat(awaitOne(Topics.channel(io.notify.schemas.Channel.IOS), IosPushNotification.class, user).getBody()).contains(order);
        assertThat(awaitOne(Topics.channel(io.notify.schemas.Channel.ANDROID), AndroidPushNotification.class, user).getBody()).contains(order);
        assertThat(awaitOne(Topics.channel(io.notify.schemas.Channel.SMS), SmsNotification.class, user).getBody()).contains(order);
        EmailNotification email = awaitOne(Topics.channel(io.notify.schemas.Channel.EMAIL), EmailNotification.class, user);
        assertThat(email.getSubject()).contains(order);
        assertThat(email.getToAddress()).isEqualTo(user + "@example.com");
    }

    @Test
    void shouldStopSendingSmsOnceTheUserOptsOutInPostgres() throws Exception {
        String user = newUser("+14155550102");
        produce(user, "o-before");
        awaitOne(Topics.channel(io.notify.schemas.Channel.SMS), SmsNotification.class, user);

        client.execute("INSERT INTO notification_settings (user_id, channel, category, opt_in) VALUES (?, 'sms', 'shipping', false)", user);
        // The enricher's own view of the user says when the CDC row has arrived.
        awaitUntil(() -> client.get(instances.get(0), "/users/" + user).body().contains("\"optIn\":false"), "the opt-out reached the enricher");
        produce(user, "o-after");

        NotificationStatus suppressed = awaitStatus(user, s -> s.getState() == DeliveryState.SUPPRESSED
                && s.getChannel() == io.notify.schemas.Channel.SMS);
        assertThat(suppressed.getReason()).isEqualTo("opted_out");
        assertThat(client.read(Topics.channel(io.notify.schemas.Channel.SMS), SmsNotification.class, user, Duration.ofSeconds(5)))
                .as("no SMS after the opt-out").hasSize(1);
        assertThat(awaitOne(Topics.channel(io.notify.schemas.Channel.EMAIL), EmailNotification.class, user, 2)).isNotNull();
    }

    @Test
    void shouldStopTargetingADeviceWhoseTokenWasInvalidatedInPostgres() throws Exception {
        String user = newUser("+14155550103");

        // What the delivery app's feedback sink does when APNs answers Unregistered.
        client.execute("UPDATE devices SET invalidated_at = now() WHERE device_token = ?", "ios-" + user);
        awaitUntil(() -> client.get(instances.get(0), "/users/" + user).body().contains("\"invalidatedAt\":\""),
                "the invalidation reached the enricher by CDC");
        produce(user, "o-after-invalidation");

        assertThat(awaitOne(Topics.channel(io.notify.schemas.Channel.ANDROID), AndroidPushNotification.class, user)).isNotNull();
        assertThat(client.read(Topics.channel(io.notify.schemas.Channel.IOS), IosPushNotification.class, user, Duration.ofSeconds(5)))
                .as("no push to the invalidated iPhone").isEmpty();
    }

    @Test
    void shouldAnswerQueriesForAnyUserFromEitherInstance() throws Exception {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String user = newUser("+1415555012" + i);
            produce(user, "o-q" + i);
            users.add(user);
        }
        for (String user : users) {
            awaitOne(Topics.channel(io.notify.schemas.Channel.EMAIL), EmailNotification.class, user);
        }
        for (String user : users) {
            for (EnricherApp instance : instances) {
                awaitUntil(() -> client.get(instance, "/users/" + user + "/notifications").statusCode() == 200
                        && client.get(instance, "/users/" + user + "/notifications").body().contains("ROUTED"), "notifications of " + user);
                HttpResponse<String> profile = client.get(instance, "/users/" + user);
                assertThat(profile.statusCode()).isEqualTo(200);
                assertThat(profile.body()).contains(user).contains("ios").contains("android");
            }
        }
        // Looked for on every instance: the one not holding the user's partition asks the other.
        String notificationId = awaitOne(Topics.channel(io.notify.schemas.Channel.EMAIL), EmailNotification.class, users.get(0))
                .getMeta().getNotificationId();
        for (EnricherApp instance : instances) {
            HttpResponse<String> history = client.get(instance, "/notifications/" + notificationId);
            assertThat(history.statusCode()).isEqualTo(200);
            assertThat(history.body()).contains("ROUTED");
            assertThat(client.get(instance, "/notifications/no-such-id").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void shouldHoldASendAtRequestVisiblyInTheLogAndReleaseItWhenDue() throws Exception {
        String user = newUser("+14155550104");
        Instant sendAt = Instant.now().plusSeconds(8).truncatedTo(ChronoUnit.MILLIS);

        request(user, verbatimRequest(user).setSendAt(sendAt).build());

        awaitUntil(() -> heldInLog(user, "scheduled", sendAt), "the HELD email with its due time in the query API");
        EmailNotification email = awaitOne(Topics.channel(io.notify.schemas.Channel.EMAIL), EmailNotification.class, user);
        assertThat(Instant.now()).as("released when due, not before").isAfterOrEqualTo(sendAt);
        assertThat(email.getMeta().getSendAt()).isEqualTo(sendAt);
        awaitUntil(() -> client.get(instances.get(0), "/notifications/" + email.getMeta().getNotificationId()).body()
                .contains("\"reason\":\"released\""), "the ROUTED entry saying it was released");
    }

    @Test
    void shouldHoldANotificationArrivingInTheUsersQuietHoursUntilTheyEnd() throws Exception {
        String user = newUser("+14155550105");
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
        ZonedDateTime end = now.plusHours(1);
        String window = now.minusHours(1).format(HH_MM) + "-" + end.format(HH_MM);
        client.execute("UPDATE users SET quiet_hours = ? WHERE id = ?", window, user);
        awaitUntil(() -> client.get(instances.get(0), "/users/" + user).body().contains(window), "the quiet hours reached the enricher");

        request(user, verbatimRequest(user).build());

        awaitUntil(() -> heldInLog(user, "quiet_hours", end.toInstant()), "the HELD email until the window's end in the query API");
        assertThat(client.read(Topics.channel(io.notify.schemas.Channel.EMAIL), EmailNotification.class, user, Duration.ofSeconds(2)))
                .as("nothing sent inside the window").isEmpty();
    }

    /** The user's log, as anyone queries it, shows the email HELD for this reason until {@code due}. */
    private boolean heldInLog(String user, String reason, Instant due) throws Exception {
        JsonNode log = JSON.readTree(client.get(instances.get(0), "/users/" + user + "/notifications").body());
        for (JsonNode entry : log) {
            if (entry.path("channel").asText().equals("EMAIL") && entry.path("state").asText().equals("HELD")
                    && entry.path("reason").asText().equals(reason) && entry.path("dueAt").asLong() == due.toEpochMilli()) {
                return true;
            }
        }
        return false;
    }

    private static NotificationRequested.Builder verbatimRequest(String user) {
        return NotificationRequested.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setTo(List.of(user))
                .setFrom("shop@example.com")
                .setSubject("Your parcel")
                .setContent(List.of(new Content("text/plain", "It arrives tomorrow.")))
                .setCategory("shipping");
    }

    private void request(String user, NotificationRequested request) {
        try (KafkaProducer<String, NotificationRequested> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", stack.bootstrapServers()), new StringSerializer(),
                serdes.specific(NotificationRequested.class).serializer())) {
            producer.send(new ProducerRecord<>(Topics.REQUESTS, user, request));
        }
    }

    private String newUser(String phone) throws Exception {
        String user = "u-" + UUID.randomUUID();
        client.execute("INSERT INTO users (id, email, phone_number, locale) VALUES (?, ?, ?, 'en')", user, user + "@example.com", phone);
        client.execute("INSERT INTO devices (user_id, platform, device_token) VALUES (?, 'ios', ?)", user, "ios-" + user);
        client.execute("INSERT INTO devices (user_id, platform, device_token) VALUES (?, 'android', ?)", user, "android-" + user);
        // Both devices, not only the last inserted: they reach the user's task through the
        // repartition from their own partitions, in no guaranteed order (seen: android first).
        awaitUntil(() -> knowsBothDevices(client.get(instances.get(0), "/users/" + user).body(), user),
                "user " + user + " and both devices reached the enricher");
        return user;
    }

    private static boolean knowsBothDevices(String profile, String user) {
        return profile.contains("ios-" + user) && profile.contains("android-" + user);
    }

    private void insertTemplates() throws Exception {
        for (String channel : List.of("ios", "android", "sms", "email")) {
            client.execute("INSERT INTO templates (template_id, event_type, channel, locale, category, subject, body, html_body) "
                    + "VALUES ('it_order_shipped', ?, ?, 'en', 'shipping', 'Order {{orderId}} shipped', "
                    + "'Order {{orderId}} is on its way with {{carrier}}', ?) ON CONFLICT DO NOTHING",
                    ORDER_SHIPPED, channel, channel.equals("email") ? "<p>Order <b>{{orderId}}</b></p>" : null);
        }
    }

    private void produce(String user, String order) {
        OrderShipped event = OrderShipped.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
                .setUserId(user).setOrderId(order).setCarrier("DHL").setTrackingNumber("1Z").build();
        try (KafkaProducer<String, OrderShipped> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", stack.bootstrapServers()), new StringSerializer(),
                serdes.specific(OrderShipped.class).serializer())) {
            producer.send(new ProducerRecord<>(Topics.EVENTS_SHOP, user, event));
        }
    }

    private <T extends SpecificRecord> T awaitOne(String topic, Class<T> type, String user) throws Exception {
        return awaitOne(topic, type, user, 1);
    }

    /** Waits for the n-th record of a user on a topic. */
    private <T extends SpecificRecord> T awaitOne(String topic, Class<T> type, String user, int nth) throws Exception {
        Instant deadline = Instant.now().plus(WITHIN);
        while (Instant.now().isBefore(deadline)) {
            List<T> records = client.read(topic, type, user, Duration.ofSeconds(3));
            if (records.size() >= nth) {
                return records.get(nth - 1);
            }
        }
        throw new AssertionError("fewer than " + nth + " records for " + user + " on " + topic + "; " + whatBecameOf(user));
    }

    /** What the enricher decided for the user, for a failure to say where the event went. */
    private String whatBecameOf(String user) throws Exception {
        List<String> statuses = client.read(Topics.STATUS, NotificationStatus.class, null, Duration.ofSeconds(3)).stream()
                .filter(status -> status.getUserId().equals(user))
                .map(status -> status.getChannel() + " " + status.getState() + " " + status.getReason()).toList();
        List<String> deadLetters = client.readRaw(Topics.EVENTS_DLQ, Duration.ofSeconds(3)).stream()
                .filter(record -> user.equals(record.key()))
                .map(record -> DeadLetterHeaders.read(record.headers(), DeadLetterHeaders.REASON).orElse("?")).toList();
        return "suppressions " + statuses + ", dead letters " + deadLetters + ", logged "
                + client.get(instances.get(0), "/users/" + user + "/notifications").body() + ", enricher answers "
                + client.get(instances.get(0), "/users/" + user).statusCode() + " for the user and "
                + client.get(instances.get(0), "/health/ready").body();
    }

    private NotificationStatus awaitStatus(String user, Predicate<NotificationStatus> condition) throws Exception {
        Instant deadline = Instant.now().plus(WITHIN);
        while (Instant.now().isBefore(deadline)) {
            for (NotificationStatus status : client.read(Topics.STATUS, NotificationStatus.class, null, Duration.ofSeconds(3))) {
                if (status.getUserId().equals(user) && condition.test(status)) {
                    return status;
                }
            }
        }
        throw new AssertionError("no matching status for " + user);
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void awaitUntil(Condition condition, String what) throws Exception {
        Instant deadline = Instant.now().plus(WITHIN);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // the instance is still starting its HTTP server
            }
            Thread.sleep(250);
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
