package io.notify.delivery.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.notify.contract.Topics;
import io.notify.delivery.DeliveryApp;
import io.notify.delivery.DeliveryHarness;
import io.notify.delivery.ScriptedAdapter;
import io.notify.delivery.pipeline.NotificationType;
import io.notify.schemas.Channel;
import io.notify.schemas.DeviceTokenInvalidated;
import io.notify.stack.LocalStackExtension;
import io.notify.stack.StackEndpoints;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalStackExtension.class)
class DeviceFeedbackSinkIT {

    private final StackEndpoints stack;
    private final DeliveryHarness harness;

    DeviceFeedbackSinkIT(StackEndpoints stack) {
        this.stack = stack;
        this.harness = new DeliveryHarness(stack);
    }

    @AfterEach
    void closeHarness() {
        harness.close();
    }

    @Test
    void shouldMarkTheDeviceInvalidatedWhenItsTokenIsReported() throws SQLException {
        String userId = harness.id("feedback-user");
        String deadToken = harness.id("dead-token");
        String liveToken = harness.id("live-token");
        insertUserWithDevices(userId, deadToken, liveToken);
        DeviceTokenInvalidated feedback = DeviceTokenInvalidated.newBuilder()
                .setDeviceToken(deadToken)
                .setChannel(Channel.IOS)
                .setUserId(userId)
                .setProvider("apns")
                .setReason("apns:Unregistered")
                .setInvalidatedAt(Instant.now())
                .setNotificationId(null)
                .build();
        harness.send(Topics.DEVICE_FEEDBACK, deadToken,
                harness.serdes().specific(DeviceTokenInvalidated.class).serializer().serialize(Topics.DEVICE_FEEDBACK, feedback));

        ScriptedAdapter<?> ios = new ScriptedAdapter<>("apns", NotificationType.IOS, Duration.ofMillis(10));
        try (DeliveryApp app = harness.start(Map.of(Channel.IOS, ios), Map.of("delivery.feedback.enabled", "true"))) {
            await().atMost(DeliveryHarness.PATIENCE).until(() -> invalidatedAt(deadToken).isPresent());

            assertThat(invalidatedAt(liveToken)).isEmpty();
        }
    }

    private void insertUserWithDevices(String userId, String... tokens) throws SQLException {
        try (Connection db = connect();
             PreparedStatement user = db.prepareStatement("INSERT INTO users (id, email) VALUES (?, ?)");
             PreparedStatement device = db.prepareStatement("INSERT INTO devices (user_id, platform, device_token) VALUES (?, 'ios', ?)")) {
            user.setString(1, userId);
            user.setString(2, userId + "@example.org");
            user.executeUpdate();
            for (String token : tokens) {
                device.setString(1, userId);
                device.setString(2, token);
                device.executeUpdate();
            }
        }
    }

    private Optional<Timestamp> invalidatedAt(String token) throws SQLException {
        try (Connection db = connect();
             PreparedStatement query = db.prepareStatement("SELECT invalidated_at FROM devices WHERE device_token = ?")) {
            query.setString(1, token);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.ofNullable(row.getTimestamp(1)) : Optional.empty();
            }
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(stack.jdbcUrl(), stack.jdbcUser(), stack.jdbcPassword());
    }
}
