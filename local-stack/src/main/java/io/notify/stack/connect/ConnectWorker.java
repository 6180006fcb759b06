package io.notify.stack.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notify.connectors.ConnectorConfigs;
import io.notify.stack.process.ChildProcess;
import io.notify.stack.process.JavaCommand;
import io.notify.stack.process.Readiness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A distributed-mode Kafka Connect worker in its own JVM, with Debezium's PostgreSQL connector
 * on its classpath, configured from connectors/connect/worker.properties.
 */
public final class ConnectWorker implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;
    private final int port;
    private final String bootstrapServers;
    private final Path log4jConfig;
    private final Map<String, String> environment;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private ChildProcess process;

    /** {@code environment} is where the connectors' {@code ${env:...}} references are resolved. */
    public ConnectWorker(Path directory, int port, String bootstrapServers, Path log4jConfig, Map<String, String> environment) {
        this.directory = directory;
        this.port = port;
        this.bootstrapServers = bootstrapServers;
        this.log4jConfig = log4jConfig;
        this.environment = Map.copyOf(environment);
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public void start() {
        Map<String, String> worker = new HashMap<>(ConnectorConfigs.worker());
        worker.put("bootstrap.servers", bootstrapServers);
        worker.put("listeners", url());
        worker.put("rest.advertised.host.name", "127.0.0.1");
        worker.put("rest.advertised.port", Integer.toString(port));
        // Debezium is on the classpath; scanning it is enough and avoids the service-loader warnings.
        worker.put("plugin.discovery", "only_scan");
        Path config = directory.resolve("worker.properties");
        try {
            Files.createDirectories(directory);
            Properties properties = new Properties();
            properties.putAll(worker);
            try (var out = Files.newBufferedWriter(config)) {
                properties.store(out, "Connect worker of the local stack");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        process = ChildProcess.start("kafka connect",
                JavaCommand.of("768m", log4jConfig, "org.apache.kafka.connect.cli.ConnectDistributed", config.toString()),
                directory.resolve("connect.log"), environment);
    }

    public void awaitReady(Duration timeout) {
        Readiness.await(process, "the Kafka Connect worker", timeout, () -> get("/connectors").statusCode() == 200);
    }

    /** Registers (or updates) a connector and blocks until it and its task run. */
    public void register(Map<String, String> connector, Duration timeout) {
        String name = connector.get("name");
        Map<String, String> config = new HashMap<>(connector);
        config.remove("name");
        try {
            HttpRequest put = HttpRequest.newBuilder(URI.create(url() + "/connectors/" + name + "/config"))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(config)))
                    .build();
            HttpResponse<String> response = http.send(put, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException("Connect refused connector " + name + ": " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Readiness.await(process, "the " + name + " connector", timeout, () -> isRunning(name));
    }

    public List<Long> pids() {
        return process == null ? List.of() : List.of(process.pid());
    }

    @Override
    public void close() {
        if (process != null) {
            process.stop(Duration.ofSeconds(30));
        }
    }

    private boolean isRunning(String name) throws IOException, InterruptedException {
        HttpResponse<String> response = get("/connectors/" + name + "/status");
        if (response.statusCode() != 200) {
            return false;
        }
        JsonNode status = JSON.readTree(response.body());
        JsonNode tasks = status.path("tasks");
        for (JsonNode task : tasks) {
            if ("FAILED".equals(task.path("state").asText())) {
                throw new IllegalStateException("connector " + name + " failed: " + task.path("trace").asText().lines().findFirst().orElse(""));
            }
        }
        return "RUNNING".equals(status.path("connector").path("state").asText())
                && tasks.size() > 0
                && "RUNNING".equals(tasks.get(0).path("state").asText());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
