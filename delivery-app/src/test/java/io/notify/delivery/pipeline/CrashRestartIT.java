package io.notify.delivery.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.notify.delivery.DeliveryHarness;
import io.notify.delivery.Notifications;
import io.notify.schemas.Channel;
import io.notify.stack.LocalStackExtension;
import io.notify.stack.StackEndpoints;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Kills the delivery process with SIGKILL mid-stream and restarts it: nothing lost, few resent. */
@ExtendWith(LocalStackExtension.class)
class CrashRestartIT {

    private static final int NOTIFICATIONS = 400;
    private static final int IN_FLIGHT = 8;

    private final DeliveryHarness harness;

    CrashRestartIT(StackEndpoints stack) {
        this.harness = new DeliveryHarness(stack);
    }

    @AfterEach
    void closeHarness() {
        harness.close();
    }

    @Test
    void shouldLoseNothingAndResendOnlyInFlightRecordsAfterKillNine(@TempDir Path directory) throws Exception {
        Path accepted = directory.resolve("accepted.txt");
        Set<String> ids = new LinkedHashSet<>();
        for (int n = 0; n < NOTIFICATIONS; n++) {
            String id = harness.id("crash-" + n);
            String userId = harness.id("crash-user-" + (n % 40));
            ids.add(id);
            harness.produce(Channel.EMAIL, userId, Notifications.email(id, userId));
        }

        Process first = launch(accepted, directory.resolve("first.log"));
        await().atMost(Duration.ofSeconds(60)).until(() -> ours(accepted, ids).size() >= NOTIFICATIONS / 4);
        first.destroyForcibly().waitFor();
        int acceptedBeforeCrash = ours(accepted, ids).size();

        Process second = launch(accepted, directory.resolve("second.log"));
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> Set.copyOf(ours(accepted, ids)).containsAll(ids));
        } finally {
            second.destroy();
            second.waitFor();
        }

        Map<String, Long> counts = ours(accepted, ids).stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        long duplicates = counts.values().stream().filter(count -> count > 1).count();
        System.out.printf("crash test: %d notifications, %d accepted before kill -9, %d accepted twice (in-flight window %d)%n",
                NOTIFICATIONS, acceptedBeforeCrash, duplicates, IN_FLIGHT);
        assertThat(acceptedBeforeCrash).isLessThan(NOTIFICATIONS);
        assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(counts.values()).allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(2));
        assertThat(duplicates).isLessThanOrEqualTo(IN_FLIGHT);
    }

    private Process launch(Path accepted, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                RecordingDeliveryProcess.class.getName());
        Map<String, String> environment = builder.environment();
        harness.values(Map.of(
                        "delivery.channels", "email",
                        "delivery.inflight.max", Integer.toString(IN_FLIGHT),
                        "delivery.metrics.port", "-1",
                        "delivery.commit.interval", "PT0.2S"))
                .forEach((key, value) -> environment.put(variable(key), value));
        environment.put(RecordingDeliveryProcess.ACCEPTED_FILE, accepted.toString());
        File output = log.toFile();
        return builder.redirectErrorStream(true).redirectOutput(output).start();
    }

    private static String variable(String key) {
        return "NOTIFY_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    private static List<String> ours(Path accepted, Set<String> ids) throws IOException {
        if (!Files.exists(accepted)) {
            return List.of();
        }
        return Files.readAllLines(accepted, StandardCharsets.UTF_8).stream().filter(ids::contains).toList();
    }
}
