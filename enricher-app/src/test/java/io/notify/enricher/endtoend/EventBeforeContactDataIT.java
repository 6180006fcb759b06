package io.notify.enricher.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import io.notify.contract.Topics;
import io.notify.enricher.EnricherApp;
import io.notify.events.shop.OrderShipped;
import io.notify.runtime.config.ConfigSource;
import io.notify.runtime.deadletter.DeadLetterHeaders;
import io.notify.runtime.serde.AvroSerdes;
import io.notify.schemas.Channel;
import io.notify.stack.LocalStackExtension;
import io.notify.stack.StackEndpoints;
import io.notify.stack.TemporaryDirectory;
import java.nio.charset.StandardCharsets;
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
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An event can outrun its user's contact data (a welcome message published right after sign-up,
 * CDC lagging). On the real stack the enricher holds it until the user's row arrives by Debezium
 * and then routes it on every address committed with that row, the device of the same
 * transaction included; when no row comes within {@code enricher.contact.wait}, the event is
 * dead-lettered {@code unknown_user}.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventBeforeContactDataIT {

    /** Short, so the test that waits it out is quick; long enough for a row committed seconds after the event. */
    private static final Duration CONTACT_WAIT = Duration.ofSeconds(15);
    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final String ORDER_SHIPPED = OrderShipped.getClassSchema().getFullName();
    private static final List<String> OUTPUTS = Stream.concat(
            Stream.of(Channel.values()).map(Topics::channel), Stream.of(Topics.STATUS, Topics.EVENTS_DLQ)).toList();

    /** One record about the user on an output topic; a dead letter's value (the event's bytes) is left undecoded. */
    private record Output(String topic, String key, Headers headers, GenericRecord value) {
    }

    private final String applicationId = "held-events-it-" + UUID.randomUUID();
    private StackEndpoints stack;
    private AvroSerdes serdes;
    private TemporaryDirectory stateDirectory;
    private EnricherApp enricher;

    @BeforeAll
    void startAnEnricherThatWaitsBriefly(StackEndpoints stack) throws Exception {
        this.stack = stack;
        this.serdes = new AvroSerdes(stack.registryUrl());
        insertTemplates();
        Map<String, String> settings = new HashMap<>(stack.config().asMap());
        settings.put("enricher.application.id", applicationId);
        stateDirectory = TemporaryDirectory.create("held-events-it");
        settings.put("enricher.state.dir", stateDirectory.path().toString());
        settings.put("enricher.http.port", "0");
        settings.put("enricher.contact.wait", CONTACT_WAIT.toString());
        enricher = EnricherApp.start(ConfigSource.of(settings));
        awaitUntil(() -> enricher.streams().state() == KafkaStreams.State.RUNNING, "the enricher running");
    }

    @AfterAll
    void stop() {
        if (enricher != null) {
            enricher.close();
        }
        stateDirectory.close();
    }

    @Test
    void shouldRouteAnEventOnEveryAddressOfTheRowsCommittedAfterIt() throws Exception {
        String user = "u-" + UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        String email = user + "@example.com";
        String phone = "+14155550199";
        String token = "ios-" + user;

        awaitConsumed(produce(user, eventId));
        // The user, their phone, email and iPhone are signed up together, after the event was taken in.
        try (Connection db = connect()) {
            db.setAutoCommit(false);
            execute(db, "INSERT INTO users (id, email, phone_number, locale) VALUES (?, ?, ?, 'en')", user, email, phone);
            execute(db, "INSERT INTO devices (user_id, platform, device_token) VALUES (?, 'ios', ?)", user, token);
            db.commit();
        }

        Set<String> routed = Set.of(notificationId(eventId, user, Channel.IOS, token),
                notificationId(eventId, user, Channel.SMS, phone), notificationId(eventId, user, Channel.EMAIL, email));
        String noAndroid = notificationId(eventId, user, Channel.ANDROID, "");
        List<Output> outputs = awaitOutputs(user, found ->
                notificationIdsOn(found, Channel.values()).containsAll(routed) && statusOf(found, noAndroid) != null);

        assertThat(notificationIdsOn(outputs, Channel.IOS)).containsExactly(notificationId(eventId, user, Channel.IOS, token));
        assertThat(notificationIdsOn(outputs, Channel.SMS)).containsExactly(notificationId(eventId, user, Channel.SMS, phone));
        assertThat(notificationIdsOn(outputs, Channel.EMAIL)).containsExactly(notificationId(eventId, user, Channel.EMAIL, email));
        assertThat(notificationIdsOn(outputs, Channel.ANDROID)).isEmpty();
        GenericRecord android = statusOf(outputs, noAndroid);
        assertThat(android.get("state")).hasToString("SUPPRESSED");
        assertThat(android.get("reason")).hasToString("no_address");
        for (String id : routed) {
            assertThat(statusOf(outputs, id)).as("a routed notification is its channel record, no status: " + id).isNull();
        }
        assertThat(deadLetters(outputs)).isEmpty();
    }

    @Test
    void shouldDeadLetterAnEventWhoseUserNeverComesAsUnknownUser() throws Exception {
        String user = "u-" + UUID.randomUUID();
        Instant produced = Instant.now();

        produce(user, UUID.randomUUID().toString());

        List<Output> outputs = awaitOutputs(user, found -> !deadLetters(found).isEmpty());
        Duration took = Duration.between(produced, Instant.now());
        assertThat(deadLetters(outputs)).singleElement()
                .satisfies(letter -> assertThat(DeadLetterHeaders.read(letter.headers(), DeadLetterHeaders.REASON)).hasValue("unknown_user"));
        assertThat(took).as("dead-lettered only once the wait was over").isGreaterThanOrEqualTo(CONTACT_WAIT);
        assertThat(outputs).as("nothing but the dead letter").allMatch(r -> r.topic().equals(Topics.EVENTS_DLQ));
    }

    /** The enricher committed its input offset past the event: it took the event in, whatever it made of it. */
    private void awaitConsumed(RecordMetadata event) throws Exception {
        TopicPartition partition = new TopicPartition(event.topic(), event.partition());
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", stack.bootstrapServers()))) {
            awaitUntil(() -> {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets(applicationId)
                        .partitionsToOffsetAndMetadata().get().get(partition);
                return committed != null && committed.offset() > event.offset();
            }, "the enricher consuming the event");
        }
    }

    /**
     * The outputs about the user so far: channel records and dead letters keyed by the user,
     * statuses naming them; read until {@code enough} holds.
     */
    private List<Output> awaitOutputs(String user,
                                                                      Predicate<List<Output>> enough) {
        Deserializer<GenericRecord> values = serdes.generic().deserializer();
        List<Output> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", stack.bootstrapServers(),
                "group.id", "held-events-it-" + UUID.randomUUID(), "auto.offset.reset", "earliest",
                "isolation.level", "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(OUTPUTS);
            Instant deadline = Instant.now().plus(CONTACT_WAIT).plus(WITHIN);
            while (!enough.test(found)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("the outputs about " + user + " are incomplete: " + found);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(300))) {
                    if (record.topic().equals(Topics.EVENTS_DLQ)) {
                        if (user.equals(record.key())) {
                            found.add(new Output(record.topic(), record.key(), record.headers(), null));
                        }
                        continue;
                    }
                    GenericRecord value = values.deserialize(record.topic(), record.value());
                    if (user.equals(record.key()) || value != null && value.hasField("userId")
                            && user.equals(String.valueOf(value.get("userId")))) {
                        found.add(new Output(record.topic(), record.key(), record.headers(), value));
                    }
                }
            }
        }
        return found;
    }

    private static List<String> notificationIdsOn(List<Output> outputs, Channel... channels) {
        Set<String> topics = Set.copyOf(Stream.of(channels).map(Topics::channel).toList());
        return outputs.stream().filter(r -> topics.contains(r.topic()))
                .map(r -> String.valueOf(((GenericRecord) r.value().get("meta")).get("notificationId"))).toList();
    }

    /** The last status of a notification; notify.status is keyed by notification id. */
    private static GenericRecord statusOf(List<Output> outputs, String notificationId) {
        return outputs.stream().filter(r -> r.topic().equals(Topics.STATUS) && notificationId.equals(r.key()))
                .map(Output::value).reduce((first, last) -> last).orElse(null);
    }

    private static List<Output> deadLetters(List<Output> outputs) {
        return outputs.stream().filter(r -> r.topic().equals(Topics.EVENTS_DLQ)).toList();
    }

    /** The trace contract's notification id: a name-based UUID of event id, user, channel and address. */
    private static String notificationId(String eventId, String user, Channel channel, String address) {
        return UUID.nameUUIDFromBytes(String.join("|", eventId, user, channel.name(), address)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    private RecordMetadata produce(String user, String eventId) throws Exception {
        OrderShipped event = OrderShipped.newBuilder().setEventId(eventId).setOccurredAt(Instant.now())
                .setUserId(user).setOrderId("o-" + eventId).setCarrier("DHL").setTrackingNumber("1Z").build();
        try (KafkaProducer<String, OrderShipped> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", stack.bootstrapServers()), new StringSerializer(),
                serdes.specific(OrderShipped.class).serializer())) {
            return producer.send(new ProducerRecord<>(Topics.EVENTS_SHOP, user, event)).get();
        }
    }

    /** The same templates as EnricherEndToEndIT: whichever runs first writes them. */
    private void insertTemplates() throws Exception {
        try (Connection db = connect()) {
            for (String channel : List.of("ios", "android", "sms", "email")) {
                execute(db, "INSERT INTO templates (template_id, event_type, channel, locale, category, subject, body, html_body) "
                        + "VALUES ('it_order_shipped', ?, ?, 'en', 'shipping', 'Order {{orderId}} shipped', "
                        + "'Order {{orderId}} is on its way with {{carrier}}', ?) ON CONFLICT DO NOTHING",
                        ORDER_SHIPPED, channel, channel.equals("email") ? "<p>Order <b>{{orderId}}</b></p>" : null);
            }
        }
    }

    private Connection connect() throws Exception {
        return DriverManager.getConnection(stack.jdbcUrl(), stack.jdbcUser(), stack.jdbcPassword());
    }

    private static void execute(Connection db, String sql, Object... parameters) throws Exception {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void awaitUntil(Condition condition, String what) throws Exception {
        Instant deadline = Instant.now().plus(WITHIN);
        while (!condition.holds()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(250);
        }
    }
}
