package io.notify.cli.platform;

import io.notify.contract.Topics;
import io.notify.runtime.deadletter.DeadLetterHeaders;
import io.notify.runtime.serde.AvroSerdes;
import io.notify.schemas.Channel;
import io.notify.schemas.NotificationStatus;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What happens on the platform, one readable line per fact, as it happens: contact data arriving
 * by CDC, events coming in, and every notification's status — routed (its channel record), suppressed and why, sent,
 * delivered, failed — and anything dead-lettered. Never a contact detail.
 */
final class PlatformFeed implements AutoCloseable {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final Pattern WATCHED = Pattern.compile(
            "userdb\\.public\\..+|events\\..+|notify\\.(ios|android|sms|email|status)|notify\\..+\\.dlq");
    private static final Set<String> CHANNEL_TOPICS = Stream.of(Channel.values()).map(Topics::channel).collect(Collectors.toSet());

    private final KafkaConsumer<String, byte[]> consumer;
    private final Deserializer<GenericRecord> events;
    private final Deserializer<NotificationStatus> statuses;
    private final PrintStream out;
    private volatile boolean running = true;

    PlatformFeed(String bootstrapServers, String registryUrl, PrintStream out) {
        this.out = out;
        AvroSerdes serdes = new AvroSerdes(registryUrl);
        this.events = serdes.generic().deserializer();
        this.statuses = serdes.specific(NotificationStatus.class).deserializer();
        this.consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", bootstrapServers,
                "group.id", "notify-feed-" + UUID.randomUUID(),
                "auto.offset.reset", "earliest",
                "enable.auto.commit", "false",
                "isolation.level", "read_committed",
                "metadata.max.age.ms", "5000"),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(WATCHED);
    }

    /** Prints until {@link #stop()} is called from another thread. */
    void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    out.println(time(record.timestamp()) + "  " + describe(record));
                }
            }
        } catch (WakeupException stopping) {
            // stop() was called
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    void stop() {
        running = false;
        consumer.wakeup();
    }

    @Override
    public void close() {
        stop();
    }

    private String describe(ConsumerRecord<String, byte[]> record) {
        String topic = record.topic();
        try {
            if (topic.startsWith(Topics.CDC_PREFIX + ".")) {
                return CdcRows.describe(topic, record.key(),
                        record.value() == null ? null : new String(record.value(), java.nio.charset.StandardCharsets.UTF_8));
            }
            if (topic.endsWith(".dlq")) {
                return String.format("%-11s %s[%s]@%s  %s", "dead-letter",
                        DeadLetterHeaders.read(record.headers(), DeadLetterHeaders.ORIGINAL_TOPIC).orElse(topic),
                        DeadLetterHeaders.read(record.headers(), DeadLetterHeaders.ORIGINAL_PARTITION).orElse("?"),
                        DeadLetterHeaders.read(record.headers(), DeadLetterHeaders.ORIGINAL_OFFSET).orElse("?"),
                        DeadLetterHeaders.read(record.headers(), DeadLetterHeaders.REASON).orElse("no reason given"));
            }
            if (CHANNEL_TOPICS.contains(topic)) {
                return routed(events.deserialize(topic, record.headers(), record.value()));
            }
            if (topic.equals(Topics.STATUS)) {
                return status(statuses.deserialize(topic, record.headers(), record.value()));
            }
            GenericRecord event = events.deserialize(topic, record.headers(), record.value());
            return String.format("%-11s %s %s for %s", "event", event.getSchema().getName(),
                    shortId(String.valueOf(event.get("eventId"))), record.key());
        } catch (RuntimeException unreadable) {
            return String.format("%-11s %s[%d]@%d does not decode (the enricher dead-letters it)", "bad-input",
                    topic, record.partition(), record.offset());
        }
    }

    /** A channel record is its notification's ROUTED status; only its meta is shown, never the address or content. */
    private static String routed(GenericRecord notification) {
        GenericRecord meta = (GenericRecord) notification.get("meta");
        return String.format("%-11s %-8s %-8s %s", "routed", notification.getSchema().getName().replace("Notification", ""),
                meta.get("userId"), shortId(String.valueOf(meta.get("notificationId"))));
    }

    private static String status(NotificationStatus status) {
        String state = status.getState().name().toLowerCase(Locale.ROOT);
        StringBuilder line = new StringBuilder(String.format("%-11s %-8s %-8s %s", state, status.getChannel(),
                status.getUserId(), shortId(status.getNotificationId())));
        if (status.getReason() != null) {
            line.append("  ").append(status.getReason());
        }
        if (status.getProvider() != null) {
            line.append("  via ").append(status.getProvider());
        }
        if (status.getAttempt() > 0) {
            line.append("  attempt ").append(status.getAttempt());
        }
        return line.toString();
    }

    private static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }

    private static String time(long epochMillis) {
        return LocalTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneId.systemDefault()).format(TIME);
    }
}
