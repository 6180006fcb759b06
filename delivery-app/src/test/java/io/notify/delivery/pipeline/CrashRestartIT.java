package io.notify.delivery.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.notify.delivery.DeliveryApp;
import io.notify.delivery.DeliveryHarness;
import io.notify.delivery.Notifications;
import io.notify.sandbox.Fault;
import io.notify.sandbox.sendgrid.SendGridSandbox;
import io.notify.schemas.Channel;
import io.notify.stack.LocalStackExtension;
import io.notify.stack.StackEndpoints;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the real delivery app (its own process, the real sendgrid-java client) with SIGKILL
 * mid-stream and restarts it: the SendGrid sandbox, which outlives the crash, accepted every
 * notification, and only records in flight at the crash were accepted twice.
 */
@ExtendWith(LocalStackExtension.class)
class CrashRestartIT {

    private static final int NOTIFICATIONS = 400;
    private static final int IN_FLIGHT = 8;

    private final DeliveryHarness harness;
    private final SendGridSandbox sendGrid = new SendGridSandbox().start();

    CrashRestartIT(StackEndpoints stack) {
        this.harness = new DeliveryHarness(stack);
        // Every send takes a while, so that the crash finds records in flight.
        sendGrid.faults().atRate(1.0, Fault.latency(Duration.ofMillis(40)));
    }

    @AfterEach
    void close() {
        harness.close();
        sendGrid.close();
    }

    @Test
    void shouldLoseNothingAndResendOnlyInFlightRecordsAfterKillNine(@TempDir Path directory) throws Exception {
        Set<String> ids = new LinkedHashSet<>();
        for (int n = 0; n < NOTIFICATIONS; n++) {
            String id = harness.id("crash-" + n);
            String userId = harness.id("crash-user-" + (n % 40));
            ids.add(id);
            harness.produce(Channel.EMAIL, userId, Notifications.email(id, userId));
        }

        // Both on one ledger store: the restart finds what the killed process recorded, as on the same machine.
        Path store = directory.resolve("state");
        Process first = launch(directory.resolve("first.log"), store);
        await().atMost(Duration.ofSeconds(90)).until(() -> acceptedCounts(ids).size() >= NOTIFICATIONS / 4);
        first.destroyForcibly().waitFor();
        long acceptedBeforeCrash = acceptedCounts(ids).values().stream().mapToLong(Long::longValue).sum();

        Process second = launch(directory.resolve("second.log"), store);
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> acceptedCounts(ids).keySet().containsAll(ids));
        } finally {
            second.destroy();
            second.waitFor();
        }

        Map<String, Long> counts = acceptedCounts(ids);
        long duplicates = counts.values().stream().filter(count -> count > 1).count();
        System.out.printf("crash test: %d notifications, %d accepted before kill -9, %d accepted twice (in-flight window %d)%n",
                NOTIFICATIONS, acceptedBeforeCrash, duplicates, IN_FLIGHT);
        assertThat(acceptedBeforeCrash).isLessThan(NOTIFICATIONS);
        assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(counts.values()).allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(2));
        assertThat(duplicates).isLessThanOrEqualTo(IN_FLIGHT);
    }

    /** The delivery app's own main, configured from the environment as in production. */
    private Process launch(Path log, Path store) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                DeliveryApp.class.getName());
        Map<String, String> environment = builder.environment();
        harness.values(Map.of(
                        "delivery.channels", "email",
                        "delivery.inflight.max", Integer.toString(IN_FLIGHT),
                        "delivery.metrics.port", "-1",
                        "delivery.commit.interval", "PT0.2S",
                        "delivery.state.dir", store.toString(),
                        "sendgrid.endpoint", sendGrid.baseUrl(),
                        "sendgrid.api.key", sendGrid.apiKey()))
                .forEach((key, value) -> environment.put(variable(key), value));
        File output = log.toFile();
        return builder.redirectErrorStream(true).redirectOutput(output).start();
    }

    private static String variable(String key) {
        return "NOTIFY_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    private Map<String, Long> acceptedCounts(Set<String> ids) {
        return sendGrid.ledger().acceptedCountsByNotificationId().entrySet().stream()
                .filter(entry -> ids.contains(entry.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
