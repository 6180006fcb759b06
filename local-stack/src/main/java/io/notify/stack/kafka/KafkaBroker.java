package io.notify.stack.kafka;

import io.notify.stack.process.ChildProcess;
import io.notify.stack.process.JavaCommand;
import io.notify.stack.process.Readiness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * One KRaft node acting as broker and controller, run as {@code kafka.Kafka} in its own JVM
 * after {@code StorageTool format}: the same two commands an operator runs, so a test that
 * kills or restarts the broker exercises the real thing.
 */
public final class KafkaBroker implements AutoCloseable {

    private final Path directory;
    private final int port;
    private final int controllerPort;
    private final Path log4jConfig;
    private final Optional<BrokerSecurity> security;
    private ChildProcess process;

    public KafkaBroker(Path directory, int port, int controllerPort, Path log4jConfig) {
        this(directory, port, controllerPort, log4jConfig, Optional.empty());
    }

    /** With {@code security}, clients must authenticate (SASL/SCRAM) and are authorised by ACLs. */
    public KafkaBroker(Path directory, int port, int controllerPort, Path log4jConfig, Optional<BrokerSecurity> security) {
        this.directory = directory;
        this.port = port;
        this.controllerPort = controllerPort;
        this.log4jConfig = log4jConfig;
        this.security = security;
    }

    /** What an operator's client needs: nothing on a plain broker, admin credentials on a secured one. */
    public Map<String, Object> adminClientProperties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        security.ifPresent(s -> properties.putAll(s.clientProperties(BrokerSecurity.ADMIN)));
        return properties;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Formats the log directory on first start, then launches the broker without waiting. */
    public void start() {
        Path config = directory.resolve("server.properties");
        try {
            Files.createDirectories(directory);
            if (!Files.exists(config)) {
                writeConfig(config);
                List<String> format = new ArrayList<>(List.of("format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()));
                security.ifPresent(s -> format.addAll(s.formatArguments()));
                ChildProcess.run("kafka storage format",
                        JavaCommand.of("256m", log4jConfig, "kafka.tools.StorageTool", format.toArray(String[]::new)),
                        directory.resolve("format.log"), Duration.ofSeconds(60));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        process = ChildProcess.start("kafka broker",
                JavaCommand.of("1g", log4jConfig, "kafka.Kafka", config.toString()),
                directory.resolve("broker.log"), Map.of());
    }

    /** Blocks until the broker answers metadata requests. */
    public void awaitReady(Duration timeout) {
        Map<String, Object> config = adminClientProperties();
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        try (Admin admin = Admin.create(config)) {
            Readiness.await(process, "the Kafka broker", timeout,
                    () -> !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty());
        }
    }

    /** Stops the broker (controlled shutdown) and starts it again on the same ports and data. */
    public void restart(Duration timeout) {
        close();
        start();
        awaitReady(timeout);
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

    private void writeConfig(Path config) throws IOException {
        Properties properties = new Properties();
        properties.put("process.roles", "broker,controller");
        properties.put("node.id", "1");
        properties.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        String client = security.isPresent() ? "SASL_PLAINTEXT" : "PLAINTEXT";
        properties.put("listeners", client + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        properties.put("advertised.listeners", client + "://127.0.0.1:" + port);
        properties.put("controller.listener.names", "CONTROLLER");
        properties.put("inter.broker.listener.name", client);
        properties.put("listener.security.protocol.map", client + ":" + client + ",CONTROLLER:PLAINTEXT");
        security.ifPresent(s -> properties.putAll(s.brokerProperties()));
        properties.put("log.dirs", directory.resolve("data").toString());
        // Every topic is created explicitly with the contract's settings (Topics.all()).
        properties.put("auto.create.topics.enable", "false");
        properties.put("num.partitions", "6");
        properties.put("offsets.topic.replication.factor", "1");
        properties.put("transaction.state.log.replication.factor", "1");
        properties.put("transaction.state.log.min.isr", "1");
        properties.put("share.coordinator.state.topic.replication.factor", "1");
        properties.put("share.coordinator.state.topic.min.isr", "1");
        // A single local node: no reason to make the first consumer group wait for peers.
        properties.put("group.initial.rebalance.delay.ms", "0");
        try (var out = Files.newBufferedWriter(config)) {
            properties.store(out, "single-node KRaft broker of the local stack");
        }
    }
}
