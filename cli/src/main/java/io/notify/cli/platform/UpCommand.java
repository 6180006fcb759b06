package io.notify.cli.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.notify.stack.LocalStack;
import io.notify.stack.StackEndpoints;
import io.notify.stack.StackOptions;
import io.notify.stack.TemporaryDirectory;
import io.notify.stack.process.JavaCommand;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Starts the platform on this machine: Kafka, the schema registry, PostgreSQL with the user",
                "database and Debezium CDC, the provider sandboxes, two enricher instances and the delivery app;",
                "seeds sample users, devices, settings and templates; then shows what happens. Ctrl-C stops everything."})
public final class UpCommand implements Callable<Integer> {

    private static final Duration DETACHED_START_TIMEOUT = Duration.ofSeconds(240);
    private static final Duration SAMPLE_DATA_TIMEOUT = Duration.ofSeconds(90);

    @Option(names = "--detach", description = "Start in the background and return once everything is ready.")
    boolean detach;

    @Option(names = "--endpoints-file", paramLabel = "FILE",
            description = "Where to write the endpoints as JSON (default: .notify/endpoints.json).")
    Path endpointsFile;

    @Option(names = "--free-ports",
            description = "Take any free ports instead of the well-known 9092, 9093, 8081, 5433 and 8083.")
    boolean freePorts;

    @Option(names = "--kafka-port", paramLabel = "PORT", description = "Kafka's port (default ${DEFAULT-VALUE}).")
    int kafkaPort = StackOptions.KAFKA_PORT;

    @Option(names = "--registry-port", paramLabel = "PORT", description = "The schema registry's port (default ${DEFAULT-VALUE}).")
    int registryPort = StackOptions.REGISTRY_PORT;

    @Option(names = "--postgres-port", paramLabel = "PORT", description = "PostgreSQL's port (default ${DEFAULT-VALUE}).")
    int postgresPort = StackOptions.POSTGRES_PORT;

    @Option(names = "--connect-port", paramLabel = "PORT", description = "Kafka Connect's REST port (default ${DEFAULT-VALUE}).")
    int connectPort = StackOptions.CONNECT_PORT;

    @Override
    public Integer call() throws Exception {
        RunDirectory run = RunDirectory.inWorkingDirectory();
        run.create();
        run.runningUp().ifPresent(up -> {
            throw new IllegalStateException("the platform is already running (pid " + up.pid() + "): `./notify down` stops it");
        });
        Path endpoints = endpointsFile == null ? run.defaultEndpoints() : endpointsFile.toAbsolutePath();
        Files.deleteIfExists(endpoints);
        return detach ? startInBackground(run, endpoints) : runInForeground(run, endpoints);
    }

    private int runInForeground(RunDirectory run, Path endpoints) throws Exception {
        Instant begin = Instant.now();
        Path stackDirectory = Files.createTempDirectory("notify-stack-");
        run.recordRunning(ProcessHandle.current().pid(), stackDirectory);
        System.out.println("Starting Kafka, the schema registry, PostgreSQL and Kafka Connect...");
        LocalStack stack;
        try {
            stack = LocalStack.start(stackOptions(stackDirectory));
        } catch (RuntimeException e) {
            run.clear();
            TemporaryDirectory.delete(stackDirectory);
            throw e;
        }
        PlatformApps apps;
        try {
            System.out.println("Starting the provider sandboxes, two enricher instances and the delivery app...");
            apps = PlatformApps.start(stack, freePorts);
        } catch (RuntimeException e) {
            stack.close();
            run.clear();
            TemporaryDirectory.delete(stackDirectory);
            throw e;
        }
        run.recordChildren(java.util.stream.Stream.concat(stack.pids().stream(), apps.pids().stream()).toList());
        CountDownLatch feedStopped = new CountDownLatch(1);
        PlatformFeed feed = new PlatformFeed(stack.endpoints().bootstrapServers(), stack.endpoints().registryUrl(), System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping...");
            feed.stop();
            await(feedStopped);
            apps.close();
            stack.close();
            run.clear();
            TemporaryDirectory.delete(stackDirectory);
            try {
                Files.deleteIfExists(endpoints);
            } catch (IOException ignored) {
                // nothing left to clean
            }
            System.out.println("Stopped.");
        }, "notify-down"));

        SampleData.seed(stack.endpoints());
        // The enrichers were ready (PlatformApps.start) before these rows existed: wait for the rows themselves.
        SampleData.awaitRoutable(apps.queryUrls().get(0), SAMPLE_DATA_TIMEOUT);
        writeEndpoints(endpoints, stack.endpoints(), apps);
        printReady(stack.endpoints(), apps, endpoints, Duration.between(begin, Instant.now()));
        try {
            feed.run();
        } finally {
            feedStopped.countDown();
        }
        return 0;
    }

    /** Runs {@code up} again as a process of its own and waits for its endpoints file. */
    private int startInBackground(RunDirectory run, Path endpoints) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/setsid", JavaCommand.javaExecutable(),
                "-cp", System.getProperty("java.class.path"), io.notify.cli.Notify.class.getName(), "up",
                "--endpoints-file", endpoints.toString()));
        command.addAll(freePorts ? List.of("--free-ports") : List.of("--kafka-port", Integer.toString(kafkaPort),
                "--registry-port", Integer.toString(registryPort), "--postgres-port", Integer.toString(postgresPort),
                "--connect-port", Integer.toString(connectPort)));
        Process up = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(run.log().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        Instant deadline = Instant.now().plus(DETACHED_START_TIMEOUT);
        while (!Files.exists(endpoints)) {
            if (!up.isAlive()) {
                throw new IllegalStateException("the platform did not start; " + run.log() + " ends with:\n" + tail(run.log()));
            }
            if (Instant.now().isAfter(deadline)) {
                up.destroy();
                throw new IllegalStateException("the platform was not ready within " + DETACHED_START_TIMEOUT.toSeconds()
                        + " s; see " + run.log());
            }
            Thread.sleep(250);
        }
        System.out.println("The platform is running in the background (pid " + up.pid() + ", log " + run.log() + ").");
        System.out.println("Endpoints: " + endpoints);
        System.out.println(Files.readString(endpoints));
        System.out.println("`./notify down` stops it.");
        return 0;
    }

    private StackOptions stackOptions(Path directory) {
        return freePorts
                ? StackOptions.ephemeral(directory)
                : new StackOptions(directory, kafkaPort, kafkaPort == StackOptions.KAFKA_PORT ? StackOptions.KAFKA_CONTROLLER_PORT : 0,
                        registryPort, postgresPort, connectPort);
    }

    private static void writeEndpoints(Path file, StackEndpoints stack, PlatformApps apps) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kafkaBootstrapServers", stack.bootstrapServers());
        json.put("registryUrl", stack.registryUrl());
        json.put("registryConfluentCompatibleUrl", stack.registryUrl().replace("/apis/registry/v3", "/apis/ccompat/v7"));
        json.put("jdbcUrl", stack.jdbcUrl());
        json.put("jdbcUser", stack.jdbcUser());
        // A random password of a throwaway local cluster; the file is readable by its owner only.
        json.put("jdbcPassword", stack.jdbcPassword());
        json.put("connectUrl", stack.connectUrl());
        json.put("queryUrl", apps.queryUrls().get(0));
        json.put("queryUrls", apps.queryUrls());
        json.put("deliveryMetricsUrl", apps.deliveryMetricsUrl());
        json.put("sandboxes", Map.of(
                "apns", apps.sandboxes().endpoints().apnsControlUrl(),
                "fcm", apps.sandboxes().endpoints().fcmUrl(),
                "twilio", apps.sandboxes().endpoints().twilioUrl(),
                "sendgrid", apps.sandboxes().endpoints().sendGridUrl()));
        json.put("pid", ProcessHandle.current().pid());
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(partial, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
        Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
        // Appears whole or not at all: `up --detach` waits for this file.
        Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void printReady(StackEndpoints stack, PlatformApps apps, Path endpoints, Duration took) {
        System.out.printf("%nReady in %d s.%n", took.toSeconds());
        System.out.printf("  Kafka            %s%n", stack.bootstrapServers());
        System.out.printf("  Schema registry  %s%n", stack.registryUrl());
        System.out.printf("  PostgreSQL       %s (user %s)%n", stack.jdbcUrl(), stack.jdbcUser());
        System.out.printf("  Kafka Connect    %s%n", stack.connectUrl());
        System.out.printf("  Enricher queries %s (GET /health/ready, /health/live)%n", String.join(", ", apps.queryUrls()));
        System.out.printf("  Delivery metrics %s/metrics%n", apps.deliveryMetricsUrl());
        System.out.printf("  Sandboxes        APNs %s, FCM %s, Twilio %s, SendGrid %s (GET /accepted)%n",
                apps.sandboxes().endpoints().apnsControlUrl(), apps.sandboxes().endpoints().fcmUrl(),
                apps.sandboxes().endpoints().twilioUrl(), apps.sandboxes().endpoints().sendGridUrl());
        System.out.printf("  Endpoints file   %s%n", endpoints);
        System.out.printf("%nSample users u-1001, u-1002 and u-1003 are in PostgreSQL. In another terminal try:%n");
        System.out.printf("  ./notify send order-shipped --user u-1001 --order o-1%n");
        System.out.printf("What happens:%n");
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.subList(Math.max(0, lines.size() - 15), lines.size()).stream().collect(Collectors.joining("\n"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(Duration.ofSeconds(5).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
