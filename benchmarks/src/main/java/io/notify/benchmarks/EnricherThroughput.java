package io.notify.benchmarks;

import io.notify.contract.Topics;
import io.notify.enricher.EnricherApp;
import io.notify.events.shop.OrderShipped;
import io.notify.runtime.config.ConfigSource;
import io.notify.runtime.serde.AvroSerdes;
import io.notify.schemas.Channel;
import io.notify.stack.LocalStack;
import io.notify.stack.StackEndpoints;
import io.notify.stack.StackOptions;
import io.notify.stack.TemporaryDirectory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Enricher throughput on the real local stack against two baselines on the same broker, all three
 * timed the same way: from RUNNING, on the same N OrderShipped events already on the topic, until
 * every expected record is readable (read_committed). The users reach the enricher by CDC first
 * (it then stops, its contact data in its local stores). The pass-through copies the event bytes
 * to another 6-partition topic; the fan-out ({@link FanOutBaseline}) decodes each event with the
 * registry serde and writes four Avro records, both with exactly_once_v2. For each, the log appends
 * on the broker (every record written to any topic, internal ones and transaction markers
 * included) are counted from end offsets: what the broker had to absorb per event.
 *
 * Standalone: {@code EnricherThroughput [--events N] [--users K]} (100 000 / 10 000); {@link Bench} runs it on a shared stack.
 */
public final class EnricherThroughput {

    private static final String GROUP = "bench-enricher";
    private static final String BASELINE_OUTPUT = "bench.passthrough";
    private static final List<String> OUTPUTS = Arrays.stream(Channel.values()).map(Topics::channel).toList();
    private static final Duration PATIENCE = Duration.ofMinutes(20);
    // Not shorter: with a large backlog the stream thread works through its status-log tasks for
    // tens of seconds at a time, and no notification comes out meanwhile (measured at 10^6 events).
    private static final Duration STALL = Duration.ofSeconds(120);

    /** What a run measured. */
    record Result(int events, long expected, long notifications, double enricherSeconds, double statusLogSeconds,
                  double producedPerSecond, long enricherAppends, double baselineSeconds, long baselineAppends,
                  double fanOutSeconds, long fanOutAppends) {

        boolean complete() {
            return notifications >= expected;
        }

        /** Events fully processed per second; a run that gave up counts the share of notifications that came out. */
        double eventsPerSecond() {
            return events * Math.min(1.0, (double) notifications / expected) / enricherSeconds;
        }

        /** Events per second counting the enricher's whole job: the notifications out and their statuses folded into the log. */
        Double sustainedEventsPerSecond() {
            return complete() && statusLogSeconds > 0 ? events / statusLogSeconds : null;
        }

        double notificationsPerSecond() {
            return notifications / enricherSeconds;
        }

        double baselinePerSecond() {
            return events / baselineSeconds;
        }

        double ratio() {
            return eventsPerSecond() / baselinePerSecond();
        }

        double fanOutPerSecond() {
            return events / fanOutSeconds;
        }

        /** The enricher's whole job (log included) against the least an app writing four records per event does. */
        Double sustainedFanOutRatio() {
            return sustainedEventsPerSecond() == null ? null : sustainedEventsPerSecond() / fanOutPerSecond();
        }

        double enricherAppendsPerSecond() {
            return enricherAppends / (statusLogSeconds > 0 ? statusLogSeconds : enricherSeconds);
        }

        double baselineAppendsPerSecond() {
            return baselineAppends / baselineSeconds;
        }
    }

    private final StackEndpoints stack;
    private final BenchmarkUsers users;
    private final int events;

    EnricherThroughput(StackEndpoints stack, BenchmarkUsers users, int events) {
        this.stack = stack;
        this.users = users;
        this.events = events;
    }

    public static void main(String[] args) throws Exception {
        List<String> arguments = List.of(args);
        int events = intArgument(arguments, "--events", 100_000);
        BenchmarkUsers users = new BenchmarkUsers(intArgument(arguments, "--users", 10_000));
        try (TemporaryDirectory directory = TemporaryDirectory.create("enricher-throughput");
             LocalStack stack = LocalStack.start(StackOptions.ephemeral(directory.path()))) {
            users.insert(stack.endpoints());
            Result result = new EnricherThroughput(stack.endpoints(), users, events).run();
            print(result, users.count());
        }
        System.exit(0);
    }

    /** Needs the users inserted; runs the enricher, then the baseline, over the same events. */
    Result run() throws Exception {
        Map<String, String> settings = new HashMap<>(stack.config().asMap());
        settings.put("enricher.application.id", GROUP);
        TemporaryDirectory enricherState = TemporaryDirectory.create("bench-enricher-state");
        settings.put("enricher.state.dir", enricherState.path().toString());
        settings.put("enricher.http.port", "0");
        // No event of the run may be rate-limited: the benchmark counts every notification.
        settings.put("enricher.rate.limit.per.hour", "0");
        // NOTIFY_ENRICHER_* and NOTIFY_KAFKA_CLIENT_* variables tune the enricher under test, as they would a deployed one.
        ConfigSource.fromEnvironment().asMap().forEach((key, value) -> {
            if (key.startsWith("enricher.") || key.startsWith("kafka.client.")) {
                settings.put(key, value);
            }
        });
        long expected = users.notificationsFor(events);
        long notifications;
        double enricherSeconds;
        double produced;
        long enricherAppends;
        double statusLogSeconds;
        try (enricherState) {
            try (EnricherApp enricher = EnricherApp.start(ConfigSource.of(settings))) {
                awaitReady("http://localhost:" + enricher.httpPort());
                users.awaitCdc("http://localhost:" + enricher.httpPort());
                awaitNoLag();
            }
            // Like the baselines, the enricher starts on events already on the topic. The clock
            // starts when it is ready: under exactly-once, a store never written to has no
            // checkpoint, so its task is wiped and restored from the changelogs at start.
            produced = produceEvents();
            long appendsBefore = appendsExcept(Set.of(Topics.EVENTS_SHOP));
            try (EnricherApp enricher = EnricherApp.start(ConfigSource.of(settings))) {
                awaitReady("http://localhost:" + enricher.httpPort());
                long started = System.nanoTime();
                notifications = awaitCommitted(OUTPUTS, expected);
                enricherSeconds = Seconds.since(started);
                System.out.printf(Locale.ROOT, "enricher: %d events -> %d notifications in %.1f s%n", events, notifications, enricherSeconds);
                statusLogSeconds = awaitStatusesFolded(started);
                enricherAppends = appendsExcept(Set.of(Topics.EVENTS_SHOP)) - appendsBefore;
            }
        }
        long appendsBefore = appendsExcept(Set.of(Topics.EVENTS_SHOP));
        double baselineSeconds = runBaseline("bench-passthrough", passThrough(), List.of(BASELINE_OUTPUT), events);
        long baselineAppends = appendsExcept(Set.of(Topics.EVENTS_SHOP)) - appendsBefore;
        appendsBefore = appendsExcept(Set.of(Topics.EVENTS_SHOP));
        double fanOutSeconds = runBaseline("bench-fanout", FanOutBaseline.topology(Topics.EVENTS_SHOP, new AvroSerdes(stack.registryUrl())),
                FanOutBaseline.OUTPUTS, 4L * events);
        long fanOutAppends = appendsExcept(Set.of(Topics.EVENTS_SHOP)) - appendsBefore;
        return new Result(events, expected, notifications, enricherSeconds, statusLogSeconds, produced, enricherAppends,
                baselineSeconds, baselineAppends, fanOutSeconds, fanOutAppends);
    }

    /** Produces the N events through the registry serde; returns the producer's own rate. */
    private double produceEvents() {
        long started = System.nanoTime();
        Map<String, Object> properties = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 10,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        Instant now = Instant.now();
        try (KafkaProducer<String, OrderShipped> producer = new KafkaProducer<>(properties, new StringSerializer(),
                new AvroSerdes(stack.registryUrl()).specific(OrderShipped.class).serializer())) {
            for (int i = 0; i < events; i++) {
                String user = BenchmarkUsers.id(i % users.count());
                producer.send(new ProducerRecord<>(Topics.EVENTS_SHOP, user, OrderShipped.newBuilder()
                        .setEventId("ev-" + i).setOccurredAt(now).setUserId(user).setOrderId("o-" + i)
                        .setCarrier("DHL").setTrackingNumber("JD" + i).build()));
            }
            producer.flush();
        }
        double rate = events / Seconds.since(started);
        System.out.printf(Locale.ROOT, "produced %d events at %.0f/s%n", events, rate);
        return rate;
    }

    private static Topology passThrough() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(Topics.EVENTS_SHOP, Consumed.with(Serdes.Bytes(), Serdes.Bytes()))
                .to(BASELINE_OUTPUT, Produced.with(Serdes.Bytes(), Serdes.Bytes()));
        return builder.build();
    }

    /** Runs a baseline app over the events already on the topic; the seconds from RUNNING until its {@code expected} records are readable. */
    private double runBaseline(String applicationId, Topology topology, List<String> outputs, long expected) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(outputs.stream().map(topic -> new NewTopic(topic, 6, (short) 1)).toList()).all().get();
        }
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        TemporaryDirectory state = TemporaryDirectory.create("bench-passthrough-state");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, state.path().toString());
        properties.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        try (state; KafkaStreams streams = new KafkaStreams(topology, properties)) {
            streams.start();
            awaitRunning(streams);
            // The events are already on the topic, so copying starts at RUNNING: start-up is not timed.
            long started = System.nanoTime();
            long out = awaitCommitted(outputs, expected);
            double elapsed = Seconds.since(started);
            System.out.printf(Locale.ROOT, "%s: %d records out of %d events in %.1f s%n", applicationId, out, events, elapsed);
            return elapsed;
        }
    }

    private static void awaitRunning(KafkaStreams streams) throws InterruptedException {
        while (streams.state() != KafkaStreams.State.RUNNING) {
            Thread.sleep(50);
        }
    }

    /** The sum of the end offsets of every topic but {@code excluded}: records and markers appended so far. */
    private long appendsExcept(Set<String> excluded) throws Exception {
        try (Admin admin = admin()) {
            Set<String> topics = admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(false))
                    .names().get().stream().filter(t -> !excluded.contains(t)).collect(Collectors.toSet());
            return admin.listOffsets(latestOf(admin, topics)).all().get().values().stream().mapToLong(o -> o.offset()).sum();
        }
    }

    /** Where a run that gave up stood: each topic's end offset as read_uncommitted and read_committed readers see it. */
    private void printEndOffsets() {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetSpec> latest = latestOf(admin, admin.listTopics().names().get());
            var uncommitted = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all().get();
            var committed = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
            new java.util.TreeMap<>(uncommitted.entrySet().stream().collect(Collectors.groupingBy(e -> e.getKey().topic(),
                            Collectors.summingLong(e -> e.getValue().offset()))))
                    .forEach((topic, end) -> System.out.printf("  %s: end %d, stable %d%n", topic, end,
                            committed.entrySet().stream().filter(e -> e.getKey().topic().equals(topic)).mapToLong(e -> e.getValue().offset()).sum()));
        } catch (Exception e) {
            System.out.println("  end offsets unavailable: " + e);
        }
    }

    /**
     * The last user being queryable says little about the other partitions: wait until the
     * enricher has consumed every table topic (and the re-keyings behind them) to the end, so that
     * no event meets a user whose devices are still on their way.
     */
    /** Ready is what the enricher says of itself; the waits after it check what this run inserted arrived. */
    private static void awaitReady(String enricherUrl) throws Exception {
        long started = System.nanoTime();
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(enricherUrl + "/health/ready")).timeout(Duration.ofSeconds(5)).build();
        while (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
            if (Seconds.since(started) > PATIENCE.toSeconds()) {
                throw new IllegalStateException("the enricher was not ready within " + PATIENCE);
            }
            Thread.sleep(250);
        }
        System.out.printf(Locale.ROOT, "enricher ready in %.1f s%n", Seconds.since(started));
    }

    private void awaitNoLag() throws Exception {
        long started = System.nanoTime();
        try (Admin admin = admin()) {
            while (true) {
                Set<TopicPartition> consumed = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get().keySet();
                long lag = lag(admin, consumed.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())));
                if (!consumed.isEmpty() && lag == 0) {
                    break;
                }
                if (Seconds.since(started) > PATIENCE.toSeconds()) {
                    throw new IllegalStateException("the enricher still lags " + lag + " table records after " + PATIENCE);
                }
                Thread.sleep(500);
            }
        }
        System.out.printf(Locale.ROOT, "the enricher consumed every table to the end %.1f s later%n", Seconds.since(started));
    }

    /**
     * The enricher folds every channel record (ROUTED) and every status into the queryable
     * notification log. The notifications can be out while that work is still queued; returns the
     * seconds since {@code started} until the log has read them all, or -1 if it fell behind for
     * longer than the patience.
     */
    private double awaitStatusesFolded(long started) throws Exception {
        long lastReport = System.nanoTime();
        try (Admin admin = admin()) {
            // The log reads ROUTED from the channel records and everything else from notify.status.
            Map<TopicPartition, OffsetSpec> statusPartitions = latestOf(admin,
                    Stream.concat(Stream.of(Topics.STATUS), OUTPUTS.stream()).toList());
            while (Seconds.since(started) < PATIENCE.toSeconds()) {
                long behind = lag(admin, statusPartitions);
                if (behind == 0) {
                    double seconds = Seconds.since(started);
                    System.out.printf(Locale.ROOT, "status log caught up %.1f s after the first event%n", seconds);
                    return seconds;
                }
                if (System.nanoTime() - lastReport > 10_000_000_000L) {
                    lastReport = System.nanoTime();
                    System.out.printf(Locale.ROOT, "  %.0f s: notification log %d records behind%n", Seconds.since(started), behind);
                }
                Thread.sleep(500);
            }
        }
        System.out.printf("status log still behind after %s%n", PATIENCE);
        return -1;
    }

    /** The enricher's committed records not yet consumed by it, summed over the partitions (none consumed counts from 0). */
    private static long lag(Admin admin, Map<TopicPartition, OffsetSpec> partitions) throws Exception {
        var consumed = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
        var ends = admin.listOffsets(partitions, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
        return partitions.keySet().stream()
                .mapToLong(tp -> ends.get(tp).offset() - (consumed.containsKey(tp) ? consumed.get(tp).offset() : 0)).sum();
    }

    /** Every partition of the topics, asking for its latest offset. */
    private static Map<TopicPartition, OffsetSpec> latestOf(Admin admin, java.util.Collection<String> topics) throws Exception {
        return admin.describeTopics(topics).allTopicNames().get().values().stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
    }

    /** How far the enricher has read its inputs: events, and its own statuses folded into the notification log. */
    private String groupProgress() {
        try (Admin admin = admin()) {
            Map<String, Long> consumed = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get().entrySet().stream()
                    .collect(Collectors.groupingBy(e -> e.getKey().topic(), Collectors.summingLong(e -> e.getValue().offset())));
            return String.format(Locale.ROOT, "%d events read, %d statuses folded",
                    consumed.getOrDefault(Topics.EVENTS_SHOP, 0L), consumed.getOrDefault(Topics.STATUS, 0L));
        } catch (Exception e) {
            return e.toString();
        }
    }

    private Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()));
    }

    /** Counts read_committed records on the topics until the expected number arrived. */
    private long awaitCommitted(List<String> topics, long expected) {
        Map<String, Object> properties = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.GROUP_ID_CONFIG, "bench-counter-" + System.nanoTime(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        long started = System.nanoTime();
        long lastArrival = started;
        long lastReport = started;
        long count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(topics);
            while (count < expected) {
                int arrived = consumer.poll(Duration.ofMillis(200)).count();
                if (arrived > 0) {
                    count += arrived;
                    lastArrival = System.nanoTime();
                }
                if (System.nanoTime() - lastReport > 10_000_000_000L) {
                    lastReport = System.nanoTime();
                    System.out.printf(Locale.ROOT, "  %.0f s: %d notifications; %s%n", Seconds.since(started), count, groupProgress());
                }
                if (Seconds.since(started) > PATIENCE.toSeconds() || Seconds.since(lastArrival) > STALL.toSeconds()) {
                    System.out.printf("gave up with %d of %d records (no progress for %s or over %s)%n", count, expected, STALL, PATIENCE);
                    printEndOffsets();
                    break;
                }
            }
        }
        return count;
    }

    static void print(Result r, int users) {
        System.out.println();
        System.out.println("| enricher | value |");
        System.out.println("|---|---|");
        System.out.printf(Locale.ROOT, "| events / users | %d / %d%s |%n", r.events(), users,
                r.complete() ? "" : String.format(Locale.ROOT, " (gave up: %d of %d notifications)", r.notifications(), r.expected()));
        System.out.printf(Locale.ROOT, "| producer events/s (registry serde) | %.0f |%n", r.producedPerSecond());
        System.out.printf(Locale.ROOT, "| enricher events/s | %.0f |%n", r.eventsPerSecond());
        System.out.printf(Locale.ROOT, "| enricher notifications/s | %.0f |%n", r.notificationsPerSecond());
        System.out.printf(Locale.ROOT, "| status log caught up after (s) / sustained events/s | %s / %s |%n",
                r.statusLogSeconds() > 0 ? String.format(Locale.ROOT, "%.1f", r.statusLogSeconds()) : "not within " + PATIENCE,
                r.sustainedEventsPerSecond() == null ? "-" : String.format(Locale.ROOT, "%.0f", r.sustainedEventsPerSecond()));
        System.out.printf(Locale.ROOT, "| baseline pass-through events/s | %.0f |%n", r.baselinePerSecond());
        System.out.printf(Locale.ROOT, "| ratio enricher/baseline (events) | %.2f |%n", r.ratio());
        System.out.printf(Locale.ROOT, "| fan-out baseline (registry serde, 1 in / 4 out) events/s | %.0f |%n", r.fanOutPerSecond());
        System.out.printf(Locale.ROOT, "| ratio sustained enricher / fan-out baseline | %s |%n",
                r.sustainedFanOutRatio() == null ? "-" : String.format(Locale.ROOT, "%.2f", r.sustainedFanOutRatio()));
        System.out.printf(Locale.ROOT, "| broker appends per event: enricher / pass-through / fan-out | %.1f / %.1f / %.1f |%n",
                r.enricherAppends() / eventsDone(r), (double) r.baselineAppends() / r.events(), (double) r.fanOutAppends() / r.events());
        System.out.printf(Locale.ROOT, "| broker appends/s: enricher / baseline | %.0f / %.0f |%n",
                r.enricherAppendsPerSecond(), r.baselineAppendsPerSecond());
        System.out.println(json(r, users));
    }

    static String json(Result r, int users) {
        return String.format(Locale.ROOT, "{\"bench\":\"enricher\",\"events\":%d,\"users\":%d,\"complete\":%b,\"enricher_events_per_s\":%.0f,"
                        + "\"notifications_per_s\":%.0f,\"status_log_caught_up_s\":%s,\"sustained_events_per_s\":%s,\"baseline_events_per_s\":%.0f,\"ratio\":%.2f,"
                        + "\"fanout_events_per_s\":%.0f,\"sustained_fanout_ratio\":%s,\"fanout_appends_per_event\":%.1f,"
                        + "\"enricher_appends_per_event\":%.1f,\"enricher_appends_per_s\":%.0f,\"baseline_appends_per_s\":%.0f}",
                r.events(), users, r.complete(), r.eventsPerSecond(), r.notificationsPerSecond(),
                r.statusLogSeconds() > 0 ? String.format(Locale.ROOT, "%.1f", r.statusLogSeconds()) : "null",
                r.sustainedEventsPerSecond() == null ? "null" : String.format(Locale.ROOT, "%.0f", r.sustainedEventsPerSecond()),
                r.baselinePerSecond(), r.ratio(),
                r.fanOutPerSecond(), r.sustainedFanOutRatio() == null ? "null" : String.format(Locale.ROOT, "%.2f", r.sustainedFanOutRatio()),
                (double) r.fanOutAppends() / r.events(),
                r.enricherAppends() / eventsDone(r), r.enricherAppendsPerSecond(), r.baselineAppendsPerSecond());
    }

    private static double eventsDone(Result r) {
        return r.eventsPerSecond() * r.enricherSeconds();
    }

    static int intArgument(List<String> arguments, String name, int otherwise) {
        int at = arguments.indexOf(name);
        return at >= 0 ? Integer.parseInt(arguments.get(at + 1)) : otherwise;
    }
}
