package io.notify.cli.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notify.contract.Topics;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A readable line for each change data capture record, as it arrives. Contact details are
 * personal data: the feed says whether a user has an email or a phone number, never which.
 */
final class CdcFeed implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<String, String> consumer;
    private final PrintStream out;
    private volatile boolean running = true;

    CdcFeed(String bootstrapServers, PrintStream out) {
        this.out = out;
        this.consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", bootstrapServers,
                "group.id", "notify-launcher-feed-" + UUID.randomUUID(),
                "auto.offset.reset", "earliest",
                "enable.auto.commit", "false"),
                new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(Topics.CDC_USERS, Topics.CDC_DEVICES, Topics.CDC_SETTINGS, Topics.CDC_TEMPLATES));
    }

    /** Prints until {@link #stop()} is called from another thread. */
    void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    out.println(describe(record));
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

    static String describe(ConsumerRecord<String, String> record) {
        String table = record.topic().substring(record.topic().lastIndexOf('.') + 1);
        String prefix = String.format("  cdc  %-22s %-8s ", table, record.key());
        if (record.value() == null) {
            return prefix + "deleted";
        }
        try {
            return prefix + summary(table, JSON.readTree(record.value()));
        } catch (Exception e) {
            return prefix + "(unreadable row)";
        }
    }

    private static String summary(String table, JsonNode row) {
        return switch (table) {
            case "users" -> "user " + row.path("id").asText() + " locale=" + row.path("locale").asText()
                    + " email=" + presence(row, "email") + " phone=" + presence(row, "phone_number");
            case "devices" -> row.path("platform").asText() + " device of " + row.path("user_id").asText()
                    + (row.path("invalidated_at").isNull() ? "" : " (token invalidated)");
            case "notification_settings" -> row.path("user_id").asText() + " " + row.path("channel").asText() + "/"
                    + row.path("category").asText() + " opt_in=" + row.path("opt_in").asBoolean();
            case "templates" -> "template " + row.path("template_id").asText() + " " + row.path("channel").asText()
                    + "/" + row.path("locale").asText();
            default -> "changed";
        };
    }

    private static String presence(JsonNode row, String field) {
        return row.path(field).isNull() || row.path(field).asText().isBlank() ? "none" : "yes";
    }
}
