package io.notify.stack.connect;

import io.notify.connectors.ConnectorConfigs;
import io.notify.connectors.ConnectorRegistration;
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
                log(), environment);
    }

    public void awaitReady(Duration timeout) {
        Readiness.await(process, "the Kafka Connect worker", timeout, () -> get("/connectors").statusCode() == 200);
    }

    /** Registers (or updates) a connector and blocks until it and its task run. */
    public void register(Map<String, String> connector, Duration timeout) {
        ConnectorRegistration registration = new ConnectorRegistration(url());
        try {
            registration.put(connector);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        String name = connector.get("name");
        Readiness.await(process, "the " + name + " connector", timeout, () -> registration.isRunning(name));
    }

    /** The worker's log: where a connector's retries show, since its REST status stays RUNNING while it retries. */
    public Path log() {
        return directory.resolve("connect.log");
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

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
