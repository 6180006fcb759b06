package io.notify.cli.platform;

import io.notify.sandbox.Sandboxes;
import io.notify.stack.LocalStack;
import io.notify.stack.StackEndpoints;
import io.notify.stack.process.ChildProcess;
import io.notify.stack.process.JavaCommand;
import io.notify.stack.process.Ports;
import io.notify.stack.process.Readiness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The platform's own apps on top of the local stack: the provider sandboxes (in this process),
 * two enricher instances and the delivery app, each a process of its own configured exactly as
 * a deployment would configure it: through NOTIFY_* settings. Public for the end-to-end latency
 * benchmark, which measures this very platform.
 */
public final class PlatformApps implements AutoCloseable {

    static final String APPLICATION_ID = "notify-enricher";
    static final String DELIVERY = "delivery app";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    // After a SIGKILL under exactly-once every store of the instance has lost its checkpoint and is
    // wiped and restored, and the group rebalances around it: in CI on 2 cores one restart took
    // 56 s and two others more than 90 s (with a broker restart just before).
    private static final Duration RESTART_TIMEOUT = Duration.ofSeconds(180);
    private static final int ENRICHER_INSTANCES = 2;

    /** How to (re)start each app: a crash test kills one and starts it again the same way. */
    private record Launch(String name, String mainClass, Path log, Map<String, String> environment, String readyUrl) {
    }

    private final Map<String, Launch> launches = new LinkedHashMap<>();
    private final Map<String, ChildProcess> running = new LinkedHashMap<>();
    private final List<String> queryUrls = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Path log4j;
    private Sandboxes sandboxes;
    private String deliveryMetricsUrl;

    /** Ports: the well-known 8090.. and 9464 unless {@code freePorts}. */
    static PlatformApps start(LocalStack stack, boolean freePorts) {
        return start(stack, freePorts, Map.of());
    }

    /** {@code settings} are given to every app on top of the local ones (e.g. a higher rate limit). */
    public static PlatformApps start(LocalStack stack, boolean freePorts, Map<String, String> settings) {
        PlatformApps apps = new PlatformApps();
        try {
            apps.startAll(stack, freePorts, settings);
            return apps;
        } catch (RuntimeException e) {
            apps.close();
            throw e;
        }
    }

    public List<String> queryUrls() {
        return queryUrls;
    }

    public String deliveryMetricsUrl() {
        return deliveryMetricsUrl;
    }

    public Sandboxes sandboxes() {
        return sandboxes;
    }

    public List<Long> pids() {
        return running.values().stream().map(ChildProcess::pid).toList();
    }

    /** The process of a running app, by name. */
    public long pid(String name) {
        return running.get(name).pid();
    }

    /** The apps by name: "delivery app", "enricher 1", "enricher 2". */
    public List<String> names() {
        return List.copyOf(launches.keySet());
    }

    /** SIGKILL, as a machine failure would: no shutdown hook, no last commit. */
    void kill(String name) {
        ChildProcess process = running.remove(name);
        if (process != null) {
            process.kill();
        }
    }

    /** Starts a killed app again, exactly as it was first started, and waits until it is ready. */
    void restart(String name) {
        Launch launch = launches.get(name);
        ChildProcess process = run(launch);
        Readiness.await(process, name, RESTART_TIMEOUT, () -> answers(http, launch.readyUrl()));
    }

    private void startAll(LocalStack stack, boolean freePorts, Map<String, String> settings) {
        Path root = stack.directory();
        log4j = root.resolve("child-log4j2.properties");
        StackEndpoints endpoints = stack.endpoints();
        sandboxes = Sandboxes.start();

        int metricsPort = Ports.reserve(freePorts ? 0 : 9464, "the delivery app's metrics");
        int trackingPort = Ports.reserve(freePorts ? 0 : 8095, "the delivery app's webhook receivers");
        Map<String, String> delivery = new HashMap<>(endpoints.asMap());
        delivery.putAll(sandboxes.endpoints().asConfig());
        delivery.put("delivery.metrics.port", Integer.toString(metricsPort));
        // Beside the stack's data, like the enrichers' stores: a stack started afresh starts a fresh ledger store too.
        delivery.put("delivery.state.dir", root.resolve("delivery-state").toString());
        delivery.put("tracking.port", Integer.toString(trackingPort));
        // Twilio's sandbox calls back like Twilio does: to the StatusCallback URL we give it.
        delivery.put("tracking.public.url", "http://127.0.0.1:" + trackingPort);
        delivery.put("twilio.status.callback.url", "http://127.0.0.1:" + trackingPort + "/webhooks/twilio/status");
        delivery.putAll(settings);
        Path deliveryConfig = writeConfig(root.resolve("delivery.properties"), delivery);
        deliveryMetricsUrl = "http://127.0.0.1:" + metricsPort;
        launches.put(DELIVERY, new Launch(DELIVERY, "io.notify.delivery.DeliveryApp", root.resolve("delivery.log"),
                Map.of("NOTIFY_CONFIG", deliveryConfig.toString()), deliveryMetricsUrl + "/health/ready"));

        for (int i = 1; i <= ENRICHER_INSTANCES; i++) {
            int port = Ports.reserve(freePorts ? 0 : 8089 + i, "enricher " + i + "'s queries");
            Map<String, String> environment = new HashMap<>();
            environment.put("NOTIFY_KAFKA_BOOTSTRAP_SERVERS", endpoints.bootstrapServers());
            environment.put("NOTIFY_REGISTRY_URL", endpoints.registryUrl());
            environment.put("NOTIFY_ENRICHER_APPLICATION_ID", APPLICATION_ID);
            environment.put("NOTIFY_ENRICHER_INSTANCE_ID", "enricher-" + i);
            environment.put("NOTIFY_ENRICHER_STATE_DIR", root.resolve("enricher-" + i).toString());
            environment.put("NOTIFY_ENRICHER_HTTP_HOST", "127.0.0.1");
            environment.put("NOTIFY_ENRICHER_HTTP_PORT", Integer.toString(port));
            settings.forEach((key, value) -> environment.put("NOTIFY_" + key.toUpperCase(Locale.ROOT).replace('.', '_'), value));
            String url = "http://127.0.0.1:" + port;
            queryUrls.add(url);
            // Ready, not merely listening: running, stores restored, contact data caught up.
            launches.put("enricher " + i, new Launch("enricher " + i, "io.notify.enricher.EnricherApp",
                    root.resolve("enricher-" + i + ".log"), environment, url + "/health/ready"));
        }
        launches.values().forEach(this::run);
        launches.values().forEach(launch ->
                Readiness.await(running.get(launch.name()), launch.name(), READY_TIMEOUT, () -> answers(http, launch.readyUrl())));
    }

    private ChildProcess run(Launch launch) {
        ChildProcess process = ChildProcess.start(launch.name(), JavaCommand.of("512m", log4j, launch.mainClass()),
                launch.log(), launch.environment());
        running.put(launch.name(), process);
        return process;
    }

    /** Not ready yet is an exception with the probe's answer, so that a wait that gives up says why. */
    private static boolean answers(HttpClient http, String url) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered " + response.statusCode() + " " + response.body());
        }
        return true;
    }

    /** The delivery app's settings hold the sandboxes' throwaway credentials: owner-readable only. */
    private static Path writeConfig(Path file, Map<String, String> settings) {
        Properties properties = new Properties();
        properties.putAll(settings);
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (Writer out = Files.newBufferedWriter(file)) {
                properties.store(out, "delivery app of the local platform: sandbox providers");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Apps first (they drain and commit), then the sandboxes they talk to. */
    @Override
    public void close() {
        running.values().forEach(ChildProcess::close);
        running.clear();
        if (sandboxes != null) {
            sandboxes.close();
        }
    }
}
