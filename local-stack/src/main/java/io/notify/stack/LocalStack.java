package io.notify.stack;

import io.notify.connectors.ConnectorConfigs;
import io.notify.connectors.UserDatabaseMigrations;
import io.notify.contract.Topics;
import io.notify.runtime.topics.TopicProvisioner;
import io.notify.stack.connect.ConnectWorker;
import io.notify.stack.kafka.KafkaBroker;
import io.notify.stack.postgres.PostgresCluster;
import io.notify.stack.process.Ports;
import io.notify.stack.registry.SchemaRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's infrastructure as local processes: a KRaft broker, Apicurio Registry,
 * PostgreSQL with logical WAL and the user-database schema, and a Connect worker streaming that
 * database into Kafka with Debezium. Every contract topic exists before {@link #start} returns.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final StackOptions options;
    private KafkaBroker kafka;
    private SchemaRegistry registry;
    private PostgresCluster postgres;
    private ConnectWorker connect;
    private StackEndpoints endpoints;

    private LocalStack(StackOptions options) {
        this.options = options;
    }

    public static LocalStack start(StackOptions options) {
        LocalStack stack = new LocalStack(options);
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    public StackEndpoints endpoints() {
        return endpoints;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    /** The registry, to stop and start it as an outage would. */
    public SchemaRegistry registry() {
        return registry;
    }

    /** The user database, to stop and start it as an outage would. */
    public PostgresCluster postgres() {
        return postgres;
    }

    /** The Kafka Connect worker that runs Debezium. */
    public ConnectWorker connect() {
        return connect;
    }

    public Path directory() {
        return options.directory();
    }

    /** The operating-system processes of the stack's servers (PostgreSQL is found by its data directory). */
    public List<Long> pids() {
        return Stream.of(kafka.pids(), registry.pids(), connect.pids()).flatMap(List::stream).toList();
    }

    private void startAll() {
        Path root = options.directory();
        Path log4j = prepareDirectory(root);
        int kafkaPort = Ports.reserve(options.kafkaPort(), "Kafka");
        int controllerPort = Ports.reserve(options.kafkaControllerPort(), "the Kafka controller");
        int registryPort = Ports.reserve(options.registryPort(), "the schema registry");
        int postgresPort = Ports.reserve(options.postgresPort(), "PostgreSQL");
        int connectPort = Ports.reserve(options.connectPort(), "Kafka Connect");

        // Kafka and the registry are JVMs that take seconds to warm up: launch them, then do the
        // PostgreSQL work while they start.
        postgres = new PostgresCluster(root.resolve("postgres"), postgresPort);
        kafka = track(new KafkaBroker(root.resolve("kafka"), kafkaPort, controllerPort, log4j));
        kafka.start();
        registry = track(new SchemaRegistry(root.resolve("registry"), registryPort));
        registry.start();
        track(postgres);
        postgres.start();
        int migrations = UserDatabaseMigrations.apply(postgres.jdbcUrl(), PostgresCluster.USER, postgres.password());
        LOG.info("PostgreSQL ready on port {} ({} migrations applied)", postgresPort, migrations);

        kafka.awaitReady(READY_TIMEOUT);
        provisionTopics();
        LOG.info("Kafka ready at {}", kafka.bootstrapServers());

        connect = track(new ConnectWorker(root.resolve("connect"), connectPort, kafka.bootstrapServers(), log4j, Map.of(
                "USERDB_HOST", postgres.host(),
                "USERDB_PORT", Integer.toString(postgres.port()),
                "USERDB_USER", PostgresCluster.USER,
                "USERDB_PASSWORD", postgres.password(),
                "USERDB_NAME", PostgresCluster.DATABASE)));
        connect.start();
        registry.awaitReady(READY_TIMEOUT);
        LOG.info("schema registry ready at {}", registry.url());
        connect.awaitReady(READY_TIMEOUT);
        connect.register(ConnectorConfigs.userDbConnector(), READY_TIMEOUT);
        LOG.info("Debezium is streaming the user database into {}.*", Topics.CDC_PREFIX);

        endpoints = new StackEndpoints(kafka.bootstrapServers(), registry.url(), postgres.jdbcUrl(),
                PostgresCluster.USER, postgres.password(), connect.url());
    }

    private void provisionTopics() {
        try (Admin admin = Admin.create(kafka.adminClientProperties())) {
            TopicProvisioner.Report report = new TopicProvisioner(admin, (short) 1).ensure(Topics.all());
            if (!report.ok()) {
                throw new IllegalStateException("topics do not match the contract: " + report.mismatches());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    private <T extends AutoCloseable> T track(T part) {
        started.push(part);
        return part;
    }

    /** The stack's directory, readable by the postgres user, with the children's log config in it. */
    private static Path prepareDirectory(Path root) {
        try {
            Files.createDirectories(root);
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path log4j = root.resolve("child-log4j2.properties");
            try (InputStream in = LocalStack.class.getClassLoader().getResourceAsStream("child-log4j2.properties")) {
                Files.copy(in, log4j, StandardCopyOption.REPLACE_EXISTING);
            }
            return log4j;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the stack directory " + root, e);
        }
    }

    /** Stops everything in reverse order of start: Connect before Kafka, Kafka before PostgreSQL. */
    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable part = started.pop();
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("could not stop {} cleanly: {}", part.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
