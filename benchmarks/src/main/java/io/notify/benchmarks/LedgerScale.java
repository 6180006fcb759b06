package io.notify.benchmarks;

import io.notify.contract.Topics;
import io.notify.sandbox.Sandboxes;
import io.notify.schemas.Channel;
import io.notify.stack.LocalStack;
import io.notify.stack.StackEndpoints;
import io.notify.stack.StackOptions;
import io.notify.stack.TemporaryDirectory;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The delivery ledger at scale: the delivery app, a process of its own as in production, started
 * against an empty ledger and against one holding {@code entries} sent notifications; its time
 * from launch to {@code /health/ready} (ready means every held ledger partition is read to its
 * end) and its peak RSS. Three starts on the full ledger: cold (no local store: it reads its
 * partitions from the topic), warm (a restart on its store: it reads only the tail), and two
 * instances at once, each with a store of its own, splitting the partitions.
 */
final class LedgerScale {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration SETTLE = Duration.ofSeconds(5);
    private static final Pattern EMAIL_PARTITIONS = Pattern.compile(
            "notify_delivery_assigned_partitions\\{[^}]*topic=\"notify\\.email\"[^}]*\\} ([0-9.]+)");
    private static final Pattern LEDGER_PARTITIONS = Pattern.compile("notify_delivery_ledger_partitions ([0-9.]+)");

    private final int entries;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Start> starts = new ArrayList<>();
    private StackEndpoints stack;
    private Path root;
    private Map<String, String> providers;

    private LedgerScale(int entries) {
        this.entries = entries;
    }

    /** One launch of the app: how long to ready, its peak RSS, its share of the channel, its store on disk. */
    private record Start(String label, double readySeconds, long peakRssMegabytes, Partitions partitions, long storeMegabytes) {
    }

    /** The instance's share: of the channel topic, and of the ledger (its channel and retry consumers' partitions together). */
    private record Partitions(int email, int ledger) {
    }

    /** A launched app and where to look at it. */
    private record Instance(String label, ChildProcess process, String metricsUrl, Path store, long launchedAt) {
    }

    static String measure(int entries) throws Exception {
        return new LedgerScale(entries).run();
    }

    private String run() throws Exception {
        try (TemporaryDirectory directory = TemporaryDirectory.create("ledger-scale");
             LocalStack localStack = LocalStack.start(StackOptions.ephemeral(directory.path()));
             Sandboxes sandboxes = Sandboxes.start()) {
            stack = localStack.endpoints();
            root = directory.path();
            providers = sandboxes.endpoints().asConfig().entrySet().stream()
                    .filter(entry -> entry.getKey().startsWith("sendgrid."))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            createTopics();
            long filling = System.nanoTime();
            fill("bench.ledger.full");
            double fillSeconds = Seconds.since(filling);
            System.out.printf(Locale.ROOT, "ledger: %,d entries written in %.1f s%n", entries, fillSeconds);

            starts.add(start("empty ledger", "bench.ledger.empty", "empty", "a"));
            starts.add(start("full ledger, cold (no local store)", "bench.ledger.full", "full", "b"));
            starts.add(start("full ledger, warm restart", "bench.ledger.full", "full", "b"));
            starts.addAll(startTwo("bench.ledger.full"));
            print();
            return json(fillSeconds);
        }
    }

    /** The ledgers; the channel topic too, unless the stack made it already. */
    private void createTopics() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
            List<NewTopic> topics = List.of(new NewTopic(Topics.channel(Channel.EMAIL), Topics.USER_KEYED_PARTITIONS, (short) 1),
                    ledgerTopic("bench.ledger.empty"), ledgerTopic("bench.ledger.full"));
            for (var created : admin.createTopics(topics).values().values()) {
                try {
                    created.get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }

    private static NewTopic ledgerTopic(String name) {
        return new NewTopic(name, Topics.USER_KEYED_PARTITIONS, (short) 1)
                .configs(Map.of("cleanup.policy", "compact,delete", "retention.ms", Long.toString(Duration.ofDays(7).toMillis())));
    }

    /** Entries as the app writes them: notification id to provider message id, spread over the partitions. */
    private void fill(String topic) {
        Map<String, Object> properties = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < entries; i++) {
                producer.send(new ProducerRecord<>(topic, i % Topics.USER_KEYED_PARTITIONS,
                        String.format(Locale.ROOT, "bench-%012d-0000-4000-8000-000000000000", i), "sg-message-" + i));
            }
            producer.flush();
        }
    }

    private Start start(String label, String ledger, String group, String store) throws Exception {
        Instance instance = launch(label, ledger, group, store);
        try {
            return awaitReady(instance);
        } finally {
            instance.process().stop(Duration.ofSeconds(30));
        }
    }

    private List<Start> startTwo(String ledger) throws Exception {
        Instance one = launch("two instances (to the split): first", ledger, "pair", "c");
        Instance two = launch("two instances (to the split): second", ledger, "pair", "d");
        try {
            // Each may be ready for a moment while the group is still moving partitions: time them to the split, both ready.
            long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
            while (!split(one, two)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("two instances did not split the partitions within " + READY_TIMEOUT);
                }
                Thread.sleep(250);
            }
            double oneReady = Seconds.since(one.launchedAt());
            double twoReady = Seconds.since(two.launchedAt());
            Thread.sleep(SETTLE.toMillis());
            return List.of(measured(one, oneReady), measured(two, twoReady));
        } finally {
            one.process().stop(Duration.ofSeconds(30));
            two.process().stop(Duration.ofSeconds(30));
        }
    }

    private boolean split(Instance one, Instance two) {
        try {
            return answers(one.metricsUrl() + "/health/ready") && answers(two.metricsUrl() + "/health/ready")
                    && partitions(one.metricsUrl()).email() + partitions(two.metricsUrl()).email() == Topics.USER_KEYED_PARTITIONS
                    && partitions(one.metricsUrl()).email() > 0 && partitions(two.metricsUrl()).email() > 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private Start awaitReady(Instance instance) throws InterruptedException {
        Readiness.await(instance.process(), instance.label(), READY_TIMEOUT, () -> answers(instance.metricsUrl() + "/health/ready"));
        double ready = Seconds.since(instance.launchedAt());
        Thread.sleep(SETTLE.toMillis());
        return measured(instance, ready);
    }

    private Start measured(Instance instance, double readySeconds) {
        return new Start(instance.label(), readySeconds, PeakRss.megabytes(instance.process().pid()), partitions(instance.metricsUrl()),
                megabytes(instance.store()));
    }

    private Instance launch(String label, String ledger, String group, String store) {
        int port = Ports.reserve(0, "the delivery app's metrics");
        Map<String, String> settings = new HashMap<>(stack.asMap());
        settings.putAll(providers);
        settings.put("delivery.channels", "email");
        settings.put("delivery.group.prefix", "bench-ledger-" + group);
        settings.put("delivery.ledger.topic", ledger);
        settings.put("delivery.state.dir", root.resolve("delivery-" + store).toString());
        settings.put("delivery.metrics.port", Integer.toString(port));
        settings.put("delivery.feedback.enabled", "false");
        Path config = write(root.resolve("delivery-" + store + ".properties"), settings);
        long launchedAt = System.nanoTime();
        ChildProcess process = ChildProcess.start(label, JavaCommand.of("512m", root.resolve("child-log4j2.properties"),
                "io.notify.delivery.DeliveryApp"), root.resolve("delivery-" + store + "-" + starts.size() + ".log"),
                Map.of("NOTIFY_CONFIG", config.toString()));
        return new Instance(label, process, "http://127.0.0.1:" + port, root.resolve("delivery-" + store), launchedAt);
    }

    private boolean answers(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered " + response.statusCode());
        }
        return true;
    }

    private Partitions partitions(String metricsUrl) {
        try {
            String metrics = http.send(HttpRequest.newBuilder(URI.create(metricsUrl + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return new Partitions(gauge(EMAIL_PARTITIONS, metrics), gauge(LEDGER_PARTITIONS, metrics));
        } catch (IOException e) {
            return new Partitions(-1, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Partitions(-1, -1);
        }
    }

    private static int gauge(Pattern pattern, String metrics) {
        Matcher matcher = pattern.matcher(metrics);
        return matcher.find() ? (int) Double.parseDouble(matcher.group(1)) : -1;
    }

    private static long megabytes(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum() >> 20;
        } catch (IOException e) {
            return -1;
        }
    }

    private static Path write(Path file, Map<String, String> settings) {
        Properties properties = new Properties();
        properties.putAll(settings);
        try (Writer out = Files.newBufferedWriter(file)) {
            properties.store(out, "delivery app of the ledger benchmark");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void print() {
        Start empty = starts.get(0);
        System.out.println();
        System.out.printf(Locale.ROOT, "delivery ledger, %,d sent notifications, 6 partitions%n", entries);
        System.out.printf(Locale.ROOT, "  %-38s %9s %7s %9s %7s %6s %7s %9s%n", "start", "ready s", "× empty", "peak RSS", "× empty",
                "email", "ledger", "store MB");
        for (Start start : starts) {
            System.out.printf(Locale.ROOT, "  %-38s %9.1f %7.2f %6d MB %7.2f %6d %7d %9d%n", start.label(), start.readySeconds(),
                    start.readySeconds() / empty.readySeconds(), start.peakRssMegabytes(),
                    (double) start.peakRssMegabytes() / empty.peakRssMegabytes(), start.partitions().email(),
                    start.partitions().ledger(), start.storeMegabytes());
        }
        System.out.println("  (email, ledger: partitions of the channel topic and of the ledger this instance holds)");
    }

    private String json(double fillSeconds) {
        Start empty = starts.get(0);
        String rows = starts.stream().map(start -> String.format(Locale.ROOT,
                        "{\"start\":\"%s\",\"ready_s\":%.2f,\"ready_ratio\":%.3f,\"peak_rss_mb\":%d,\"rss_ratio\":%.3f,"
                                + "\"email_partitions\":%d,\"ledger_partitions\":%d,\"store_mb\":%d}",
                        start.label(), start.readySeconds(), start.readySeconds() / empty.readySeconds(), start.peakRssMegabytes(),
                        (double) start.peakRssMegabytes() / empty.peakRssMegabytes(), start.partitions().email(),
                        start.partitions().ledger(), start.storeMegabytes()))
                .collect(Collectors.joining(","));
        return String.format(Locale.ROOT, "{\"bench\":\"delivery-ledger\",\"entries\":%d,\"fill_s\":%.1f,\"starts\":[%s]}",
                entries, fillSeconds, rows);
    }
}
