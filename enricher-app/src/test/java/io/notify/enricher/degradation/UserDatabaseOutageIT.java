package io.notify.enricher.degradation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.notify.connectors.ConnectorConfigs;
import io.notify.connectors.ConnectorRegistration;
import io.notify.enricher.EnricherApp;
import io.notify.enricher.support.ReadyEnricher;
import io.notify.runtime.config.ConfigSource;
import io.notify.stack.LocalStack;
import io.notify.stack.LocalStackExtension;
import io.notify.stack.StackEndpoints;
import io.notify.stack.TemporaryDirectory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue #7, graceful degradation: PostgreSQL restarts under a running Debezium connector. Change
 * data capture pauses and resumes by itself, with nothing lost: a change committed just before
 * the shutdown and changes made after it all reach the enricher's view of the users.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserDatabaseOutageIT {

    private static final Duration WITHIN = Duration.ofSeconds(60);
    /** What Debezium's BaseSourceTask logs when it backs off before restarting the task. */
    private static final String RETRIABLE_ERROR = "Awaiting end of restart backoff period after a retriable error";

    private final HttpClient http = HttpClient.newHttpClient();
    private LocalStack stack;
    private StackEndpoints endpoints;
    private EnricherApp enricher;
    private TemporaryDirectory stateDirectory;
    private boolean databaseDown;

    @BeforeAll
    void startEnricher(LocalStack stack) throws Exception {
        this.stack = stack;
        this.endpoints = stack.endpoints();
        Map<String, String> settings = new HashMap<>(endpoints.config().asMap());
        settings.put("enricher.application.id", "enricher-userdb-outage-" + UUID.randomUUID());
        stateDirectory = TemporaryDirectory.create("enricher-userdb-outage");
        settings.put("enricher.state.dir", stateDirectory.path().toString());
        settings.put("enricher.http.port", "0");
        enricher = EnricherApp.start(ConfigSource.of(settings));
        ReadyEnricher.await(enricher, WITHIN);
    }

    @AfterAll
    void stopEnricher() throws Exception {
        // Whatever happened above, the next test class of the run gets its database.
        if (databaseDown) {
            stack.postgres().start();
        }
        if (enricher != null) {
            enricher.close();
        }
        stateDirectory.close();
    }

    @Test
    void shouldCatchUpOnEveryChangeAfterTheDatabaseRestartsWithoutAnyoneRestartingTheConnector() throws Exception {
        String existing = "u-" + UUID.randomUUID();
        execute("INSERT INTO users (id, email, locale) VALUES (?, ?, 'en')", existing, existing + "@example.com");
        execute("INSERT INTO devices (user_id, platform, device_token) VALUES (?, 'ios', ?)", existing, "ios-" + existing);
        awaitProfile(existing, "ios-" + existing);

        // Committed, but perhaps not yet streamed when the server goes away: it must not be skipped.
        execute("UPDATE users SET email = ? WHERE id = ?", "before-shutdown-" + existing + "@example.com", existing);
        long logBeforeOutage = Files.size(stack.connect().log());
        stack.postgres().stop();
        databaseDown = true;
        await("the connector noticed the database is gone").atMost(WITHIN).until(() -> connectorRetriesSince(logBeforeOutage));
        stack.postgres().start();
        databaseDown = false;

        String newcomer = "u-" + UUID.randomUUID();
        execute("INSERT INTO users (id, email, locale) VALUES (?, ?, 'en')", newcomer, newcomer + "@example.com");
        execute("INSERT INTO devices (user_id, platform, device_token) VALUES (?, 'android', ?)", newcomer, "android-" + newcomer);
        execute("INSERT INTO notification_settings (user_id, channel, category, opt_in) VALUES (?, 'email', 'shipping', false)", existing);
        execute("UPDATE devices SET invalidated_at = now() WHERE device_token = ?", "ios-" + existing);

        awaitProfile(existing, "before-shutdown-" + existing + "@example.com");
        awaitProfile(existing, "\"optIn\":false");
        awaitProfile(existing, "\"invalidatedAt\":\"");
        awaitProfile(newcomer, "android-" + newcomer);
        assertThat(new ConnectorRegistration(endpoints.connectUrl()).isRunning(ConnectorConfigs.userDbConnector().get("name")))
                .as("the connector and its task run").isTrue();
    }

    /**
     * Debezium turns the lost connection into a retriable error and restarts its task after a
     * back-off; Connect's REST status says RUNNING throughout, so its log is where this shows.
     */
    private boolean connectorRetriesSince(long logOffset) throws Exception {
        try (var log = FileChannel.open(stack.connect().log())) {
            var tail = ByteBuffer.allocate((int) Math.max(0, log.size() - logOffset));
            log.read(tail, logOffset);
            return new String(tail.array(), StandardCharsets.UTF_8).contains(RETRIABLE_ERROR);
        }
    }

    private void awaitProfile(String user, String expected) {
        await("the enricher's view of " + user + " shows " + expected).atMost(WITHIN).ignoreExceptions()
                .until(() -> profile(user).contains(expected));
    }

    private String profile(String user) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + enricher.httpPort() + "/users/" + user)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? response.body() : "";
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
