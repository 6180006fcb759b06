package io.notify.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notify.contract.Topics;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The foundation's promise: what a product writes to PostgreSQL arrives in Kafka by CDC. */
@ExtendWith(LocalStackExtension.class)
class UserDatabaseCdcIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Test
    void shouldStreamInsertsUpdatesAndDeletesOfContactDataIntoKafka(StackEndpoints stack) throws Exception {
        String userId = "u-" + UUID.randomUUID();
        try (Connection db = DriverManager.getConnection(stack.jdbcUrl(), stack.jdbcUser(), stack.jdbcPassword());
             CdcReader cdc = new CdcReader(stack.bootstrapServers())) {
            update(db, "INSERT INTO users (id, email, phone_number, locale, timezone) VALUES (?, 'ada@example.com', '+14155550101', 'en', 'UTC')", userId);
            long iphone = insertDevice(db, userId, "ios", "token-ios-" + userId);
            long pixel = insertDevice(db, userId, "android", "token-android-" + userId);
            update(db, "INSERT INTO notification_settings (user_id, channel, category, opt_in) VALUES (?, 'sms', 'marketing', false)", userId);

            JsonNode user = cdc.await(Topics.CDC_USERS, userId, r -> r.value() != null).value();
            assertThat(user.path("email").asText()).isEqualTo("ada@example.com");
            assertThat(user.path("phone_number").asText()).isEqualTo("+14155550101");
            assertThat(cdc.await(Topics.CDC_DEVICES, Long.toString(iphone), r -> r.value() != null).value().path("user_id").asText())
                    .isEqualTo(userId);
            assertThat(cdc.await(Topics.CDC_DEVICES, Long.toString(pixel), r -> r.value() != null).value().path("platform").asText())
                    .isEqualTo("android");
            JsonNode setting = cdc.await(Topics.CDC_SETTINGS, r -> r.value() != null && userId.equals(r.value().path("user_id").asText())).value();
            assertThat(setting.path("opt_in").asBoolean(true)).isFalse();

            update(db, "UPDATE users SET email = 'ada.lovelace@example.com' WHERE id = ?", userId);
            update(db, "DELETE FROM devices WHERE id = ?", pixel);

            assertThat(cdc.await(Topics.CDC_USERS, userId,
                    r -> r.value() != null && r.value().path("email").asText().equals("ada.lovelace@example.com"))).isNotNull();
            CdcReader.Row tombstone = cdc.await(Topics.CDC_DEVICES, Long.toString(pixel), r -> r.value() == null);
            assertThat(tombstone.value()).isNull();
        }
    }

    /** The enricher orders its joins by record timestamp, so CDC must carry the database's commit times. */
    @Test
    void shouldStampEveryChangeWithTheCommitTimeOfItsTransaction(StackEndpoints stack) throws Exception {
        List<String> userIds = List.of("u-" + UUID.randomUUID(), "u-" + UUID.randomUUID(), "u-" + UUID.randomUUID());
        String leaving = "u-" + UUID.randomUUID();
        try (Connection db = DriverManager.getConnection(stack.jdbcUrl(), stack.jdbcUser(), stack.jdbcPassword());
             CdcReader cdc = new CdcReader(stack.bootstrapServers())) {
            for (String userId : userIds) {
                update(db, "INSERT INTO users (id, email) VALUES (?, 'grace@example.com')", userId);
            }
            update(db, "INSERT INTO users (id, email) VALUES (?, 'gone@example.com')", leaving);
            db.setAutoCommit(false);

            update(db, "UPDATE users SET email = 'grace.hopper@example.com' WHERE id = ?", userIds.get(0));
            CommitWindow first = commit(db);
            Thread.sleep(1_500);
            for (String userId : userIds) {
                update(db, "UPDATE users SET locale = 'fr' WHERE id = ?", userId);
            }
            update(db, "DELETE FROM users WHERE id = ?", leaving);
            CommitWindow second = commit(db);

            long firstStamp = cdc.await(Topics.CDC_USERS, userIds.get(0),
                    r -> r.value() != null && r.value().path("email").asText().equals("grace.hopper@example.com")).timestamp();
            assertThat(firstStamp).isBetween(first.before(), first.after());
            List<Long> secondStamps = new ArrayList<>();
            for (String userId : userIds) {
                secondStamps.add(cdc.await(Topics.CDC_USERS, userId,
                        r -> r.value() != null && r.value().path("locale").asText().equals("fr")).timestamp());
            }
            // A delete reaches Kafka as a tombstone, made by unwrap from the delete event: it too must keep the commit time.
            secondStamps.add(cdc.await(Topics.CDC_USERS, leaving, r -> r.value() == null).timestamp());
            assertThat(secondStamps).allSatisfy(stamp -> assertThat(stamp).isBetween(second.before(), second.after()));
            assertThat(secondStamps).containsOnly(secondStamps.get(0));
        }
    }

    /** When, by this JVM's clock (PostgreSQL runs on the same host), a COMMIT was issued and when it returned. */
    private record CommitWindow(long before, long after) {
    }

    private static CommitWindow commit(Connection db) throws SQLException {
        long before = System.currentTimeMillis();
        db.commit();
        return new CommitWindow(before, System.currentTimeMillis());
    }

    private static void update(Connection db, String sql, Object parameter) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setObject(1, parameter);
            statement.executeUpdate();
        }
    }

    private static long insertDevice(Connection db, String userId, String platform, String token) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(
                "INSERT INTO devices (user_id, platform, device_token) VALUES (?, ?, ?) RETURNING id")) {
            statement.setString(1, userId);
            statement.setString(2, platform);
            statement.setString(3, token);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Reads the CDC topics from the beginning and keeps everything it has seen. */
    private static final class CdcReader implements AutoCloseable {

        record Row(String topic, String key, JsonNode value, long timestamp) {
        }

        private final KafkaConsumer<String, String> consumer;
        private final List<Row> seen = new ArrayList<>();

        CdcReader(String bootstrapServers) {
            consumer = new KafkaConsumer<>(Map.of(
                    "bootstrap.servers", bootstrapServers,
                    "group.id", "cdc-it-" + UUID.randomUUID(),
                    "auto.offset.reset", "earliest"),
                    new StringDeserializer(), new StringDeserializer());
            consumer.subscribe(List.of(Topics.CDC_USERS, Topics.CDC_DEVICES, Topics.CDC_SETTINGS));
        }

        Row await(String topic, String key, Predicate<Row> condition) throws Exception {
            return await(topic, condition.and(row -> key.equals(row.key())));
        }

        Row await(String topic, Predicate<Row> condition) throws Exception {
            Instant deadline = Instant.now().plus(WITHIN);
            while (Instant.now().isBefore(deadline)) {
                for (Row row : seen) {
                    if (row.topic().equals(topic) && condition.test(row)) {
                        return row;
                    }
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    seen.add(new Row(record.topic(), record.key(), record.value() == null ? null : JSON.readTree(record.value()),
                            record.timestamp()));
                }
            }
            throw new AssertionError("no matching record on " + topic + " within " + WITHIN.toSeconds() + " s; saw " + seen);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
