package io.notify.benchmarks;

import io.notify.contract.Topics;
import io.notify.delivery.DeliveryApp;
import io.notify.delivery.pipeline.ChannelProvider;
import io.notify.delivery.provider.ConfiguredProviders;
import io.notify.runtime.config.ConfigSource;
import io.notify.runtime.serde.AvroSerdes;
import io.notify.runtime.serde.ContractClasses;
import io.notify.sandbox.AcceptedRequest;
import io.notify.sandbox.SandboxEndpoints;
import io.notify.sandbox.SandboxLedger;
import io.notify.sandbox.Sandboxes;
import io.notify.schemas.Channel;
import io.notify.schemas.IosPushNotification;
import io.notify.schemas.NotificationMeta;
import io.notify.schemas.Priority;
import io.notify.stack.LocalStack;
import io.notify.stack.StackEndpoints;
import io.notify.stack.StackOptions;
import io.notify.stack.TemporaryDirectory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * An urgent push while a marketing backlog drains: {@code backlog} NORMAL pushes are waiting on
 * {@code notify.ios} when the delivery app starts (defaults, APNs behind a 20 ms delay line);
 * once the backlog is going out, one HIGH push every 250 ms is produced. Measured: each urgent
 * push's latency from its produce to the APNs sandbox accepting it, and the backlog's drain rate.
 * Twice in one run: with the urgent pushes on their lane ({@code notify.ios.urgent}, as the
 * enricher routes them), and as the baseline the same pushes on {@code notify.ios}, behind the
 * backlog, as without lanes.
 */
final class UrgentLane {

    private static final Duration LATENCY = Duration.ofMillis(20);
    private static final Duration URGENT_EVERY = Duration.ofMillis(250);
    private static final int URGENT = 40;
    private static final int USERS = 10_000;
    private static final Duration STALL = Duration.ofSeconds(30);

    private final int backlog;
    private Path directory;
    private StackEndpoints stack;
    private Sandboxes sandboxes;
    private SandboxEndpoints endpoints;
    private DelayLine delayLine;
    private Serializer<IosPushNotification> serializer;
    private int runs;

    private UrgentLane(int backlog) {
        this.backlog = backlog;
    }

    /** What one run measured: urgent latencies (ms) and the backlog's drain. */
    record Run(String lane, long[] urgentMillis, int backlogAccepted, double drainPerSecond) {
        double p(double quantile) {
            return Percentile.of(urgentMillis, quantile);
        }
    }

    static String measure(int backlog) throws Exception {
        return new UrgentLane(backlog).run();
    }

    private String run() throws Exception {
        Teardown teardown = new Teardown();
        Runtime.getRuntime().addShutdownHook(new Thread(teardown::run, "urgent-lane-teardown"));
        try {
            directory = teardown.add(TemporaryDirectory.create("urgent-lane")).path();
            long started = System.nanoTime();
            stack = teardown.add(LocalStack.start(StackOptions.ephemeral(directory))).endpoints();
            sandboxes = teardown.add(Sandboxes.start());
            endpoints = sandboxes.endpoints();
            delayLine = teardown.add(new DelayLine(endpoints.apnsHost(), endpoints.apnsPort(), LATENCY));
            System.out.printf(Locale.ROOT, "stack and sandboxes up in %.1f s%n", Seconds.since(started));
            ContractClasses.trust();
            serializer = new AvroSerdes(stack.registryUrl()).specific(IosPushNotification.class).serializer();
            createTopics();
            // JIT warm-up of the app's code paths (it runs in this JVM), not counted: else the first run pays for it.
            measureRun(Topics.channelUrgent(Channel.IOS), "warm-up", Math.min(backlog, 10_000));
            Run none = measureRun(Topics.channel(Channel.IOS), "no lane (behind the backlog)", backlog);
            Run lane = measureRun(Topics.channelUrgent(Channel.IOS), "urgent lane", backlog);
            return print(lane, none);
        } finally {
            teardown.run();
        }
    }

    private void createTopics() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
            for (String topic : List.of(Topics.channel(Channel.IOS), Topics.channelUrgent(Channel.IOS))) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, Topics.USER_KEYED_PARTITIONS, (short) 1))).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }

    /**
     * Fills the channel topic with the backlog, starts the app (the same group and ledger each
     * run, so it reads what this run produced and nothing of the one before), produces the urgent
     * pushes to {@code urgentTopic} while the backlog drains, and waits for all of them.
     */
    private Run measureRun(String urgentTopic, String label, int waiting) throws Exception {
        int run = ++runs;
        SandboxLedger ledger = sandboxes.apns().ledger();
        ledger.clear();
        String prefix = "lane-" + run + "-";
        try (KafkaProducer<String, IosPushNotification> producer = producer()) {
            for (int i = 0; i < waiting; i++) {
                producer.send(new ProducerRecord<>(Topics.channel(Channel.IOS), user(i), push(prefix + "backlog-" + i, i, Priority.NORMAL)));
            }
            producer.flush();
            Map<String, Instant> urgentSentAt = new ConcurrentHashMap<>();
            try (DeliveryApp app = DeliveryApp.start(config(), ChannelProvider.allOf(ConfiguredProviders.fromConfig(config())))) {
                awaitAccepted(ledger, Math.min(1_000, waiting));
                for (int u = 0; u < URGENT; u++) {
                    String id = prefix + "urgent-" + u;
                    urgentSentAt.put(id, Instant.now());
                    producer.send(new ProducerRecord<>(urgentTopic, "urgent-user-" + u, push(id, u, Priority.HIGH)));
                    producer.flush();
                    Thread.sleep(URGENT_EVERY.toMillis());
                }
                awaitAccepted(ledger, waiting + URGENT);
            }
            return measured(label, ledger.accepted(), urgentSentAt, prefix);
        }
    }

    private Run measured(String label, List<AcceptedRequest> accepted, Map<String, Instant> urgentSentAt, String prefix) {
        List<Long> latencies = new ArrayList<>();
        List<Instant> backlogAccepted = new ArrayList<>();
        for (AcceptedRequest request : accepted) {
            Instant sent = urgentSentAt.get(request.notificationId());
            if (sent != null) {
                latencies.add(Duration.between(sent, request.acceptedAt()).toMillis());
            } else {
                backlogAccepted.add(request.acceptedAt());
            }
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        double span = backlogAccepted.size() < 2 ? 0
                : Duration.between(backlogAccepted.get(0), backlogAccepted.get(backlogAccepted.size() - 1)).toNanos() / 1e9;
        double drain = span == 0 ? 0 : (backlogAccepted.size() - 1) / span;
        Run run = new Run(label, sorted, backlogAccepted.size(), drain);
        System.out.printf(Locale.ROOT, "%s: %d of %d urgent accepted, p50 %.0f ms, p99 %.0f ms; backlog %d drained at %.0f/s%n",
                label, sorted.length, URGENT, run.p(0.50), run.p(0.99), backlogAccepted.size(), drain);
        return run;
    }

    private ConfigSource config() {
        Map<String, String> settings = new HashMap<>(stack.asMap());
        settings.putAll(endpoints.asConfig().entrySet().stream().filter(e -> e.getKey().startsWith("apns."))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        settings.put("apns.endpoint", endpoints.apnsHost() + ":" + delayLine.port());
        settings.put("delivery.channels", "ios");
        settings.put("delivery.group.prefix", "lane-bench");
        settings.put("delivery.ledger.topic", "lane-bench.ledger");
        settings.put("delivery.state.dir", directory.resolve("delivery-state").toString());
        settings.put("delivery.metrics.port", "-1");
        settings.put("delivery.feedback.enabled", "false");
        return ConfigSource.of(settings);
    }

    private KafkaProducer<String, IosPushNotification> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), new StringSerializer(), serializer);
    }

    private static IosPushNotification push(String notificationId, int i, Priority priority) {
        return IosPushNotification.newBuilder()
                .setMeta(NotificationMeta.newBuilder()
                        .setNotificationId(notificationId)
                        .setUserId(user(i))
                        .setCategory(priority == Priority.HIGH ? "security" : "marketing")
                        .setPriority(priority)
                        .setLocale("en")
                        .setCreatedAt(Instant.now())
                        .setSourceEventId(notificationId)
                        .setSourceEventType("io.notify.events.shop.OrderShipped")
                        .build())
                .setDeviceToken(String.format(Locale.ROOT, "%064x", 0xFEDCBA000000L + i))
                .setTitle(priority == Priority.HIGH ? "Your code" : "This week's offers")
                .setBody(priority == Priority.HIGH ? "123456" : "Up to 50 % off.")
                .setData(Map.of())
                .build();
    }

    private static String user(int i) {
        return "lane-user-" + i % USERS;
    }

    private static void awaitAccepted(SandboxLedger ledger, int count) throws InterruptedException {
        int last = 0;
        long lastProgress = System.nanoTime();
        while (ledger.acceptedCount() < count) {
            int now = ledger.acceptedCount();
            if (now > last) {
                last = now;
                lastProgress = System.nanoTime();
            } else if (Seconds.since(lastProgress) > STALL.toSeconds()) {
                throw new IllegalStateException("gave up with " + now + " of " + count + " accepted (no progress for " + STALL + ")");
            }
            Thread.sleep(20);
        }
    }

    private String print(Run lane, Run none) {
        System.out.println();
        System.out.printf(Locale.ROOT, "| urgent push, %d-push backlog on notify.ios | urgent p50 (ms) | p99 (ms) | max (ms) | backlog drain (/s) |%n", backlog);
        System.out.println("|---|---|---|---|---|");
        for (Run run : List.of(lane, none)) {
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.0f |%n", run.lane(), run.p(0.5), run.p(0.99), run.p(1.0),
                    run.drainPerSecond());
        }
        return String.format(Locale.ROOT, "{\"bench\":\"urgent-lane\",\"backlog\":%d,\"urgent\":%d,\"urgent_p50_ms\":%.0f,"
                        + "\"urgent_p99_ms\":%.0f,\"urgent_max_ms\":%.0f,\"backlog_drain_per_s\":%.0f,\"no_lane_p50_ms\":%.0f,"
                        + "\"no_lane_p99_ms\":%.0f,\"no_lane_drain_per_s\":%.0f,\"p99_ratio_no_lane_to_lane\":%.1f}",
                backlog, lane.urgentMillis().length, lane.p(0.5), lane.p(0.99), lane.p(1.0), lane.drainPerSecond(),
                none.p(0.5), none.p(0.99), none.drainPerSecond(), none.p(0.99) / Math.max(1, lane.p(0.99)));
    }
}
