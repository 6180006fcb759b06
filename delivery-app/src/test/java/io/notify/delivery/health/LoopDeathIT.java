package io.notify.delivery.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notify.contract.Topics;
import io.notify.delivery.DeliveryApp;
import io.notify.delivery.DeliveryHarness;
import io.notify.delivery.ScriptedAdapter;
import io.notify.delivery.pipeline.ChannelProvider;
import io.notify.delivery.pipeline.NotificationType;
import io.notify.runtime.config.ConfigSource;
import io.notify.sandbox.sendgrid.SendGridSandbox;
import io.notify.schemas.Channel;
import io.notify.stack.LocalStackExtension;
import io.notify.stack.StackEndpoints;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each background loop of the delivery app killed in turn: the liveness probe names the dead
 * loop, readiness fails with it, and the real main exits non-zero so that a supervisor restarts
 * the process instead of leaving a channel, the ledger or the device feedback silently stopped.
 */
@ExtendWith(LocalStackExtension.class)
class LoopDeathIT {

    private static final Duration READY_WITHIN = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A loop: the name of its thread, and the name the probes give it. */
    enum Loop {
        CHANNEL("delivery-" + Topics.channel(Channel.EMAIL)),
        URGENT_LANE("delivery-" + Topics.channelUrgent(Channel.EMAIL)),
        RETRY_TIER("delivery-" + Topics.channel(Channel.EMAIL) + ".retry.1s"),
        LEDGER("delivery-ledger-reader"),
        DEVICE_FEEDBACK("delivery-device-feedback");

        final String thread;

        Loop(String thread) {
            this.thread = thread;
        }

        String probeName(Map<String, String> settings) {
            return switch (this) {
                case CHANNEL -> Topics.channel(Channel.EMAIL);
                case URGENT_LANE -> Topics.channelUrgent(Channel.EMAIL);
                case RETRY_TIER -> Topics.channel(Channel.EMAIL) + ".retry.1s";
                case LEDGER -> "ledger " + settings.get("delivery.ledger.topic");
                case DEVICE_FEEDBACK -> "device feedback " + Topics.DEVICE_FEEDBACK;
            };
        }
    }

    private final DeliveryHarness harness;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<AutoCloseable> opened = new ArrayList<>();

    LoopDeathIT(StackEndpoints stack) {
        this.harness = new DeliveryHarness(stack);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
        harness.close();
    }

    @ParameterizedTest
    @EnumSource(Loop.class)
    void shouldFailLivenessNamingTheDeadLoop(Loop loop) throws Exception {
        Map<String, String> settings = harness.values(Map.of(
                "delivery.channels", "email",
                "delivery.retry.tiers", "1s",
                "delivery.feedback.enabled", "true"));
        ScriptedAdapter<?> email = new ScriptedAdapter<>("sendgrid", NotificationType.EMAIL, Duration.ZERO);
        DeliveryApp app = DeliveryApp.start(ConfigSource.of(settings), Map.of(Channel.EMAIL, ChannelProvider.withoutCircuit(email)));
        opened.add(app);
        int port = app.metricsPort().orElseThrow();
        await().atMost(READY_WITHIN).until(() -> status(port, "/health/ready") == 200);
        assertThat(status(port, "/health/live")).isEqualTo(200);

        // At least this app's: a thread of an earlier test's app still closing may share the name, and dies harmlessly.
        assertThat(LoopKiller.kill(loop.thread)).as("threads named %s", loop.thread).isPositive();

        // The killed thread's error is uncaught by design: Awaitility must not take it for the test's.
        await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(30)).until(() -> status(port, "/health/live") == 503);
        JsonNode live = JSON.readTree(get(port, "/health/live").body());
        List<String> dead = new ArrayList<>();
        live.get("loops").fields().forEachRemaining(entry -> {
            if (entry.getValue().asText().equals(LoopState.DEAD.name())) {
                dead.add(entry.getKey());
            }
        });
        assertThat(dead).containsExactly(loop.probeName(settings));
        assertThat(live.get("loops").size()).as("the ledger, three email loops (channel, urgent lane, retry tier) and the feedback sink")
                .isEqualTo(5);
        assertThat(status(port, "/health/ready")).isEqualTo(503);
    }

    @ParameterizedTest
    @EnumSource(Loop.class)
    void shouldExitNonZeroWhenALoopDies(Loop loop, @TempDir Path directory) throws Exception {
        SendGridSandbox sendGrid = new SendGridSandbox().start();
        opened.add(sendGrid);
        int port = freePort();
        Map<String, String> settings = harness.values(Map.of(
                "delivery.channels", "email",
                "delivery.retry.tiers", "1s",
                "delivery.feedback.enabled", "true",
                "delivery.metrics.port", Integer.toString(port),
                "sendgrid.endpoint", sendGrid.baseUrl(),
                "sendgrid.api.key", sendGrid.apiKey()));
        Path killRequest = directory.resolve("kill");
        Path log = directory.resolve("delivery.log");
        Process process = launch(settings, killRequest, log);
        opened.add(process::destroyForcibly);
        await().atMost(READY_WITHIN).until(() -> {
            assertThat(process.isAlive()).as("the delivery app is running; its log:%n%s", tail(log)).isTrue();
            return status(port, "/health/ready") == 200;
        });

        Path request = directory.resolve("kill.tmp");
        Files.writeString(request, loop.thread, StandardCharsets.UTF_8);
        Files.move(request, killRequest, StandardCopyOption.ATOMIC_MOVE);

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exited; its log:%n%s", tail(log)).isTrue();
        assertThat(process.exitValue()).isEqualTo(DeliveryApp.NOT_LIVE_EXIT_STATUS);
        assertThat(Files.readString(log))
                .contains("killed 1 thread(s) named " + loop.thread)
                .contains("Not live, exiting")
                .contains(loop.probeName(settings) + "=DEAD");
    }

    private Process launch(Map<String, String> settings, Path killRequest, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dnotify.test.kill.request=" + killRequest,
                "-cp", System.getProperty("java.class.path"),
                LoopKillingDeliveryMain.class.getName());
        settings.forEach((key, value) -> builder.environment().put("NOTIFY_" + key.toUpperCase(Locale.ROOT).replace('.', '_'), value));
        return builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private int status(int port, String path) {
        try {
            return get(port, path).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
