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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The platform's own apps on top of the local stack: the provider sandboxes (in this process),
 * two enricher instances and the delivery app, each a process of its own configured exactly as
 * a deployment would configure it: through NOTIFY_* settings.
 */
final class PlatformApps implements AutoCloseable {

    static final String APPLICATION_ID = "notify-enricher";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final int ENRICHER_INSTANCES = 2;

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final List<ChildProcess> processes = new ArrayList<>();
    private final List<String> queryUrls = new ArrayList<>();
    private Sandboxes sandboxes;
    private String deliveryMetricsUrl;

    /** Ports: the well-known 8090.. and 9464 unless {@code freePorts}. */
    static PlatformApps start(LocalStack stack, boolean freePorts) {
        PlatformApps apps = new PlatformApps();
        try {
            apps.startAll(stack, freePorts);
            return apps;
        } catch (RuntimeException e) {
            apps.close();
            throw e;
        }
    }

    List<String> queryUrls() {
        return queryUrls;
    }

    String deliveryMetricsUrl() {
        return deliveryMetricsUrl;
    }

    Sandboxes sandboxes() {
        return sandboxes;
    }

    List<Long> pids() {
        return processes.stream().map(ChildProcess::pid).toList();
    }

    private void startAll(LocalStack stack, boolean freePorts) {
        Path root = stack.directory();
        Path log4j = root.resolve("child-log4j2.properties");
        StackEndpoints endpoints = stack.endpoints();
        sandboxes = track(Sandboxes.start());

        int metricsPort = Ports.reserve(freePorts ? 0 : 9464, "the delivery app's metrics");
        int trackingPort = Ports.reserve(freePorts ? 0 : 8095, "the delivery app's webhook receivers");
        Map<String, String> delivery = new HashMap<>(endpoints.asMap());
        delivery.putAll(sandboxes.endpoints().asConfig());
        delivery.put("delivery.metrics.port", Integer.toString(metricsPort));
        delivery.put("tracking.port", Integer.toString(trackingPort));
        // Twilio's sandbox calls back like Twilio does: to the StatusCallback URL we give it.
        delivery.put("tracking.public.url", "http://127.0.0.1:" + trackingPort);
        delivery.put("twilio.status.callback.url", "http://127.0.0.1:" + trackingPort + "/webhooks/twilio/status");
        Path deliveryConfig = writeConfig(root.resolve("delivery.properties"), delivery);
        ChildProcess deliveryApp = launch("delivery app", log4j, "io.notify.delivery.DeliveryApp",
                root.resolve("delivery.log"), Map.of("NOTIFY_CONFIG", deliveryConfig.toString()));
        deliveryMetricsUrl = "http://127.0.0.1:" + metricsPort;

        List<ChildProcess> enrichers = new ArrayList<>();
        for (int i = 0; i < ENRICHER_INSTANCES; i++) {
            int port = Ports.reserve(freePorts ? 0 : 8090 + i, "enricher " + (i + 1) + "'s queries");
            Map<String, String> environment = new HashMap<>();
            environment.put("NOTIFY_KAFKA_BOOTSTRAP_SERVERS", endpoints.bootstrapServers());
            environment.put("NOTIFY_REGISTRY_URL", endpoints.registryUrl());
            environment.put("NOTIFY_ENRICHER_APPLICATION_ID", APPLICATION_ID);
            environment.put("NOTIFY_ENRICHER_STATE_DIR", root.resolve("enricher-" + (i + 1)).toString());
            environment.put("NOTIFY_ENRICHER_HTTP_HOST", "127.0.0.1");
            environment.put("NOTIFY_ENRICHER_HTTP_PORT", Integer.toString(port));
            enrichers.add(launch("enricher " + (i + 1), log4j, "io.notify.enricher.EnricherApp",
                    root.resolve("enricher-" + (i + 1) + ".log"), environment));
            queryUrls.add("http://127.0.0.1:" + port);
        }

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Readiness.await(deliveryApp, "the delivery app", READY_TIMEOUT, () -> answers(http, deliveryMetricsUrl + "/metrics"));
        for (int i = 0; i < enrichers.size(); i++) {
            String url = queryUrls.get(i);
            Readiness.await(enrichers.get(i), "enricher " + (i + 1), READY_TIMEOUT, () -> answers(http, url + "/metrics"));
        }
    }

    private ChildProcess launch(String name, Path log4j, String mainClass, Path log, Map<String, String> environment) {
        ChildProcess process = ChildProcess.start(name, JavaCommand.of("512m", log4j, mainClass), log, environment);
        processes.add(process);
        return track(process);
    }

    private static boolean answers(HttpClient http, String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
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

    private <T extends AutoCloseable> T track(T part) {
        started.push(part);
        return part;
    }

    /** Apps first (they drain and commit), then the sandboxes they talk to. */
    @Override
    public void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                System.err.println("could not stop a part of the platform cleanly: " + e);
            }
        }
    }
}
