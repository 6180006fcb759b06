package io.notify.enricher.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.notify.contract.Topics;
import io.notify.enricher.EnricherSettings;
import io.notify.enricher.EnricherStreamsConfig;
import io.notify.enricher.EnricherTopology;
import io.notify.enricher.metrics.EnricherMetrics;
import io.notify.events.shop.OrderShipped;
import io.notify.runtime.config.ConfigSource;
import io.notify.schemas.AndroidPushNotification;
import io.notify.schemas.Channel;
import io.notify.schemas.EmailNotification;
import io.notify.schemas.IosPushNotification;
import io.notify.schemas.NotificationRequested;
import io.notify.schemas.NotificationStatus;
import io.notify.schemas.SmsNotification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;

/**
 * The production topology in a {@code TopologyTestDriver}, with registry-free Avro serdes, CDC
 * topics fed with the JSON rows Debezium writes, and typed views of every output topic.
 */
public final class EnricherHarness implements AutoCloseable {

    public static final Instant START = Instant.parse("2026-11-26T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    public final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    public final TestSerdes serdes = new TestSerdes(registry);
    public final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    public final EnricherSettings settings;
    public final TopologyTestDriver driver;

    public final TestInputTopic<String, GenericRecord> shopEvents;
    public final TestInputTopic<String, byte[]> rawShopEvents;
    public final TestInputTopic<String, NotificationRequested> requests;
    public final TestInputTopic<String, String> users;
    public final TestInputTopic<String, String> devices;
    public final TestInputTopic<String, String> notificationSettings;
    public final TestInputTopic<String, String> templates;
    public final TestInputTopic<String, NotificationStatus> statusIn;

    public final TestOutputTopic<String, IosPushNotification> ios;
    public final TestOutputTopic<String, AndroidPushNotification> android;
    public final TestOutputTopic<String, SmsNotification> sms;
    public final TestOutputTopic<String, EmailNotification> email;
    /** The urgent lanes: HIGH priority and transactional categories. */
    public final TestOutputTopic<String, IosPushNotification> iosUrgent;
    public final TestOutputTopic<String, SmsNotification> smsUrgent;
    public final TestOutputTopic<String, EmailNotification> emailUrgent;
    public final TestOutputTopic<String, NotificationStatus> status;
    public final TestOutputTopic<byte[], byte[]> deadLetters;

    private EnricherHarness(Map<String, String> config) {
        Map<String, String> withStateDir = new HashMap<>(config);
        withStateDir.putIfAbsent("enricher.state.dir", tempDir());
        // Rows piped here are all there before the next record: no trailing devices to settle for,
        // except in the tests that say otherwise.
        withStateDir.putIfAbsent("enricher.contact.settle", "PT0S");
        settings = EnricherSettings.from(ConfigSource.of(withStateDir));
        Properties props = EnricherStreamsConfig.topology(settings);
        props.put("bootstrap.servers", "topology-test:9092");
        driver = new TopologyTestDriver(
                EnricherTopology.build(new StreamsBuilder(), settings, serdes, new EnricherMetrics(meters), props), props, START);

        StringSerializer keys = new StringSerializer();
        shopEvents = driver.createInputTopic(Topics.EVENTS_SHOP, keys, serdes.events().serializer(), START, Duration.ofMillis(1));
        rawShopEvents = driver.createInputTopic(Topics.EVENTS_SHOP, keys, new ByteArraySerializer(), START, Duration.ofMillis(1));
        requests = driver.createInputTopic(Topics.REQUESTS, keys, serdes.requests().serializer(), START, Duration.ofMillis(1));
        users = driver.createInputTopic(Topics.CDC_USERS, keys, keys, START, Duration.ZERO);
        devices = driver.createInputTopic(Topics.CDC_DEVICES, keys, keys, START, Duration.ZERO);
        notificationSettings = driver.createInputTopic(Topics.CDC_SETTINGS, keys, keys, START, Duration.ZERO);
        templates = driver.createInputTopic(Topics.CDC_TEMPLATES, keys, keys, START, Duration.ZERO);
        statusIn = driver.createInputTopic(Topics.STATUS, keys, serdes.status().serializer(), START, Duration.ZERO);

        StringDeserializer keyReader = new StringDeserializer();
        ios = driver.createOutputTopic(Topics.channel(Channel.IOS), keyReader, serdes.ios().deserializer());
        android = driver.createOutputTopic(Topics.channel(Channel.ANDROID), keyReader, serdes.android().deserializer());
        sms = driver.createOutputTopic(Topics.channel(Channel.SMS), keyReader, serdes.sms().deserializer());
        email = driver.createOutputTopic(Topics.channel(Channel.EMAIL), keyReader, serdes.email().deserializer());
        iosUrgent = driver.createOutputTopic(Topics.channelUrgent(Channel.IOS), keyReader, serdes.ios().deserializer());
        smsUrgent = driver.createOutputTopic(Topics.channelUrgent(Channel.SMS), keyReader, serdes.sms().deserializer());
        emailUrgent = driver.createOutputTopic(Topics.channelUrgent(Channel.EMAIL), keyReader, serdes.email().deserializer());
        status = driver.createOutputTopic(Topics.STATUS, keyReader, serdes.status().deserializer());
        deadLetters = driver.createOutputTopic(Topics.EVENTS_DLQ, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    public static EnricherHarness start() {
        return new EnricherHarness(Map.of());
    }

    public static EnricherHarness start(Map<String, String> config) {
        return new EnricherHarness(config);
    }

    // --- CDC rows, as Debezium writes them -------------------------------------------------

    public void user(String id, String email, String phone, String locale) {
        user(id, email, phone, locale, "UTC", null);
    }

    /** {@code quietHours}: {@code HH:MM-HH:MM} in {@code timezone}, or null. */
    public void user(String id, String email, String phone, String locale, String timezone, String quietHours) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("email", email);
        row.put("phone_number", phone);
        row.put("locale", locale);
        row.put("timezone", timezone);
        row.put("created_at", "2026-11-01T10:00:00.000000Z");
        row.put("quiet_hours", quietHours);
        users.pipeInput(id, json(row));
    }

    public void deleteUser(String id) {
        users.pipeInput(id, (String) null);
    }

    public void device(long id, String userId, String platform, String token) {
        device(id, userId, platform, token, null);
    }

    public void device(long id, String userId, String platform, String token, String invalidatedAt) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("user_id", userId);
        row.put("platform", platform);
        row.put("device_token", token);
        row.put("last_login_at", "2026-11-26T09:00:00.000000Z");
        row.put("invalidated_at", invalidatedAt);
        devices.pipeInput(Long.toString(id), json(row));
    }

    public void deleteDevice(long id) {
        devices.pipeInput(Long.toString(id), (String) null);
    }

    public void setting(long id, String userId, String channel, String category, boolean optIn) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("user_id", userId);
        row.put("channel", channel);
        row.put("category", category);
        row.put("opt_in", optIn);
        notificationSettings.pipeInput(Long.toString(id), json(row));
    }

    public void template(long id, String templateId, String eventType, String channel, String locale, String category,
                         String subject, String body, String htmlBody) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("template_id", templateId);
        row.put("event_type", eventType);
        row.put("channel", channel);
        row.put("locale", locale);
        row.put("category", category);
        row.put("subject", subject);
        row.put("body", body);
        row.put("html_body", htmlBody);
        templates.pipeInput(Long.toString(id), json(row));
    }

    public void deleteTemplate(long id) {
        templates.pipeInput(Long.toString(id), (String) null);
    }

    // --- Events --------------------------------------------------------------------------

    public static final String ORDER_SHIPPED = OrderShipped.getClassSchema().getFullName();

    public static OrderShipped orderShipped(String eventId, String userId) {
        return OrderShipped.newBuilder()
                .setEventId(eventId)
                .setOccurredAt(START)
                .setUserId(userId)
                .setOrderId("o-42")
                .setCarrier("DHL")
                .setTrackingNumber("TRK-1")
                .setEstimatedDelivery(null)
                .build();
    }

    public void ship(String eventId, String userId) {
        shopEvents.pipeInput(userId, orderShipped(eventId, userId));
    }

    public void ship(String eventId, String userId, Instant at) {
        shopEvents.pipeInput(userId, orderShipped(eventId, userId), at);
    }

    /** Lets the wall clock pass the wait for contact data: events still held for unknown users are given up. */
    public void waitOutContactData() {
        driver.advanceWallClockTime(settings.contactWait().plusSeconds(1));
    }

    public void advanceWallClock(Duration by) {
        driver.advanceWallClockTime(by);
    }

    public double counter(String name, String tag, String value) {
        var counter = meters.find(name).tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }

    @Override
    public void close() {
        driver.close();
    }

    private static String json(Map<String, Object> row) {
        try {
            return JSON.writeValueAsString(row);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String tempDir() {
        try {
            return Files.createTempDirectory("enricher-test").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
