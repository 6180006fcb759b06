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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Enricher throughput on the real local stack against a pass-through Streams app on the same
 * broker. Users, devices (1-3 each), settings and templates go into PostgreSQL and reach the
 * enricher by CDC; then N OrderShipped events are produced through the registry serde as fast as
 * the producer can while the enricher runs; the clock stops when every expected notification is
 * readable (read_committed) on notify.*. The baseline copies the same N event bytes to another
 * 6-partition topic with exactly_once_v2; its clock stops when all N copies are readable.
 *
 * Usage: {@code EnricherThroughput [--full] [--events N] [--users K]} (short: 100 000 / 10 000).
 */
public final class EnricherThroughput {

    private static final String ORDER_SHIPPED = OrderShipped.getClassSchema().getFullName();
    private static final String BASELINE_OUTPUT = "bench.passthrough";
    private static final List<String> OUTPUTS = Arrays.stream(Channel.values()).map(Topics::channel).toList();
    private static final Duration PATIENCE = Duration.ofMinutes(10);
    private static final int ROWS_PER_INSERT = 1000;
    private static final Duration STALL = Duration.ofSeconds(30);

    private final boolean full;
    private final int events;
    private final int users;
    private final HttpClient http = HttpClient.newHttpClient();

    private EnricherThroughput(boolean full, int events, int users) {
        this.full = full;
        this.events = events;
        this.users = users;
    }

    public static void main(String[] args) throws Exception {
        List<String> arguments = List.of(args);
        boolean full = arguments.contains("--full");
        int events = intArgument(arguments, "--events", full ? 1_000_000 : 100_000);
        int users = intArgument(arguments, "--users", full ? 100_000 : 10_000);
        new EnricherThroughput(full, events, users).run();
        System.exit(0);
    }

    private void run() throws Exception {
        Path directory = Files.createTempDirectory("enricher-throughput");
        try (LocalStack stack = LocalStack.start(StackOptions.ephemeral(directory))) {
            StackEndpoints endpoints = stack.endpoints();
            long expectedNotifications = loadUsers(endpoints);
            Result enricher = measureEnricher(endpoints, expectedNotifications);
            Result baseline = measureBaseline(endpoints);
            print(enricher, baseline);
        }
    }

    private record Result(long records, double seconds, double producedPerSecond) {
        double perSecond() {
            return records / seconds;
        }
    }

    /** Inserts the users with 1-3 devices, a phone, an email and one setting each; returns notifications per round of events. */
    private long loadUsers(StackEndpoints stack) throws Exception {
        long started = System.nanoTime();
        try (Connection db = DriverManager.getConnection(stack.jdbcUrl(), stack.jdbcUser(), stack.jdbcPassword());
             Statement sql = db.createStatement()) {
            for (String channel : List.of("ios", "android", "sms", "email")) {
                sql.execute("INSERT INTO templates (template_id, event_type, channel, locale, category, subject, body, html_body) VALUES "
                        + "('bench_order_shipped', '" + ORDER_SHIPPED + "', '" + channel + "', 'en', 'shipping', 'Order {{orderId}} shipped', "
                        + "'Order {{orderId}} is on its way with {{carrier}}, tracking {{trackingNumber}}', "
                        + (channel.equals("email") ? "'<p>Hello {{user.id}}, order <b>{{orderId}}</b> left with {{carrier}}.</p>'" : "NULL") + ")");
            }
            insertInChunks(sql, "INSERT INTO users (id, email, phone_number, locale) VALUES ",
                    i -> "('" + user(i) + "', '" + user(i) + "@example.com', '+1415" + (2_000_000 + i) + "', 'en')");
            for (int device = 0; device < 3; device++) {
                int d = device;
                insertInChunksWhere(sql, "INSERT INTO devices (user_id, platform, device_token) VALUES ", i -> d < devices(i),
                        i -> "('" + user(i) + "', '" + (d % 2 == 0 ? "ios" : "android") + "', 'tok-" + d + "-" + user(i) + "')");
            }
            insertInChunks(sql, "INSERT INTO notification_settings (user_id, channel, category, opt_in) VALUES ",
                    i -> "('" + user(i) + "', 'email', 'shipping', true)");
        }
        System.out.printf(Locale.ROOT, "inserted %d users in %.1f s%n", users, seconds(started));
        long perRound = 0;
        for (int i = 0; i < users; i++) {
            perRound += 2 + devices(i);
        }
        return perRound;
    }

    private Result measureEnricher(StackEndpoints stack, long notificationsPerRound) throws Exception {
        Map<String, String> settings = new HashMap<>(stack.config().asMap());
        settings.put("enricher.application.id", "bench-enricher");
        settings.put("enricher.state.dir", Files.createTempDirectory("bench-enricher-state").toString());
        settings.put("enricher.http.port", "0");
        // NOTIFY_ENRICHER_* and NOTIFY_KAFKA_CLIENT_* variables tune the enricher under test, as they would a deployed one.
        ConfigSource.fromEnvironment().asMap().forEach((key, value) -> {
            if (key.startsWith("enricher.") || key.startsWith("kafka.client.")) {
                settings.put(key, value);
            }
        });
        try (EnricherApp enricher = EnricherApp.start(ConfigSource.of(settings))) {
            awaitCdc(enricher);
            long expected = notificationsPerRound * (events / users) + partialRound(events % users);
            long started = System.nanoTime();
            double produced = produceEvents(stack);
            long out = awaitCommitted(stack, OUTPUTS, expected);
            double elapsed = seconds(started);
            System.out.printf(Locale.ROOT, "enricher: %d events -> %d notifications in %.1f s%n", events, out, elapsed);
            return new Result(out, elapsed, produced);
        }
    }

    private long partialRound(int firstUsers) {
        long count = 0;
        for (int i = 0; i < firstUsers; i++) {
            count += 2 + devices(i);
        }
        return count;
    }

    private void awaitCdc(EnricherApp enricher) throws Exception {
        long started = System.nanoTime();
        int last = users - 1;
        String lastToken = "tok-" + (devices(last) - 1) + "-" + user(last);
        URI uri = URI.create("http://localhost:" + enricher.httpPort() + "/users/" + user(last));
        while (true) {
            if (enricher.streams().state() == KafkaStreams.State.RUNNING) {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200 && answer.body().contains(lastToken) && answer.body().contains("shipping")) {
                    break;
                }
            }
            if (seconds(started) > PATIENCE.toSeconds()) {
                throw new IllegalStateException("CDC did not deliver the last user within " + PATIENCE);
            }
            Thread.sleep(500);
        }
        System.out.printf(Locale.ROOT, "CDC delivered %d users to the enricher in %.1f s%n", users, seconds(started));
    }

    /** Produces the N events through the registry serde; returns the producer's own rate. */
    private double produceEvents(StackEndpoints stack) {
        long started = System.nanoTime();
        AvroSerdes serdes = new AvroSerdes(stack.registryUrl());
        Map<String, Object> properties = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 10,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        Instant now = Instant.now();
        try (KafkaProducer<String, OrderShipped> producer = new KafkaProducer<>(properties, new StringSerializer(),
                serdes.specific(OrderShipped.class).serializer())) {
            for (int i = 0; i < events; i++) {
                String user = user(i % users);
                producer.send(new ProducerRecord<>(Topics.EVENTS_SHOP, user, OrderShipped.newBuilder()
                        .setEventId("ev-" + i).setOccurredAt(now).setUserId(user).setOrderId("o-" + i)
                        .setCarrier("DHL").setTrackingNumber("JD" + i).build()));
            }
            producer.flush();
        }
        double rate = events / seconds(started);
        System.out.printf(Locale.ROOT, "produced %d events at %.0f/s%n", events, rate);
        return rate;
    }

    private Result measureBaseline(StackEndpoints stack) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(BASELINE_OUTPUT, 6, (short) 1))).all().get();
        }
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(Topics.EVENTS_SHOP, Consumed.with(Serdes.Bytes(), Serdes.Bytes()))
                .to(BASELINE_OUTPUT, Produced.with(Serdes.Bytes(), Serdes.Bytes()));
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-passthrough");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        properties.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("bench-passthrough-state").toString());
        properties.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        try (KafkaStreams streams = new KafkaStreams(builder.build(), properties)) {
            streams.start();
            while (streams.state() != KafkaStreams.State.RUNNING) {
                Thread.sleep(50);
            }
            // The events are already on the topic, so copying starts at RUNNING: start-up is not timed.
            long started = System.nanoTime();
            long out = awaitCommitted(stack, List.of(BASELINE_OUTPUT), events);
            double elapsed = seconds(started);
            System.out.printf(Locale.ROOT, "baseline: %d events copied in %.1f s%n", out, elapsed);
            return new Result(out, elapsed, 0);
        }
    }

    /** Counts read_committed records on the topics until the expected number arrived. */
    private static long awaitCommitted(StackEndpoints stack, List<String> topics, long expected) {
        Map<String, Object> properties = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.GROUP_ID_CONFIG, "bench-counter-" + System.nanoTime(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        long started = System.nanoTime();
        long lastArrival = started;
        long count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(topics);
            while (count < expected) {
                int arrived = consumer.poll(Duration.ofMillis(200)).count();
                if (arrived > 0) {
                    count += arrived;
                    lastArrival = System.nanoTime();
                }
                if (seconds(started) > PATIENCE.toSeconds() || seconds(lastArrival) > STALL.toSeconds()) {
                    System.out.printf("gave up with %d of %d records (no progress for %s or over %s)%n", count, expected, STALL, PATIENCE);
                    break;
                }
            }
        }
        return count;
    }

    private void print(Result enricher, Result baseline) {
        double ratio = eventsPerSecond(enricher) / baseline.perSecond();
        System.out.println();
        System.out.println("| measure | value |");
        System.out.println("|---|---|");
        System.out.printf(Locale.ROOT, "| events | %d |%n| users | %d |%n", events, users);
        System.out.printf(Locale.ROOT, "| producer events/s (registry serde) | %.0f |%n", enricher.producedPerSecond());
        System.out.printf(Locale.ROOT, "| enricher events/s | %.0f |%n", eventsPerSecond(enricher));
        System.out.printf(Locale.ROOT, "| enricher notifications/s | %.0f |%n", enricher.perSecond());
        System.out.printf(Locale.ROOT, "| baseline pass-through events/s | %.0f |%n", baseline.perSecond());
        System.out.printf(Locale.ROOT, "| ratio enricher/baseline | %.2f |%n", ratio);
        System.out.printf(Locale.ROOT, "{\"mode\":\"%s\",\"events\":%d,\"users\":%d,\"enricher_events_per_s\":%.0f,\"notifications_per_s\":%.0f,"
                        + "\"baseline_events_per_s\":%.0f,\"ratio\":%.2f,\"machine\":\"%d cores\"}%n",
                full ? "full" : "short", events, users, eventsPerSecond(enricher), enricher.perSecond(), baseline.perSecond(), ratio,
                Runtime.getRuntime().availableProcessors());
    }

    private double eventsPerSecond(Result enricher) {
        return events / enricher.seconds();
    }

    private void insertInChunks(Statement sql, String insert, java.util.function.IntFunction<String> row) throws Exception {
        insertInChunksWhere(sql, insert, i -> true, row);
    }

    private void insertInChunksWhere(Statement sql, String insert, java.util.function.IntPredicate include,
                                     java.util.function.IntFunction<String> row) throws Exception {
        StringBuilder values = new StringBuilder();
        int inChunk = 0;
        for (int i = 0; i < users; i++) {
            if (!include.test(i)) {
                continue;
            }
            values.append(inChunk == 0 ? "" : ",").append(row.apply(i));
            if (++inChunk == ROWS_PER_INSERT) {
                sql.execute(insert + values);
                values.setLength(0);
                inChunk = 0;
            }
        }
        if (inChunk > 0) {
            sql.execute(insert + values);
        }
    }

    /** 1, 2 or 3 devices, by user index. */
    private static int devices(int user) {
        return 1 + user % 3;
    }

    private static String user(int index) {
        return "bu-" + index;
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private static int intArgument(List<String> arguments, String name, int otherwise) {
        int at = arguments.indexOf(name);
        return at >= 0 ? Integer.parseInt(arguments.get(at + 1)) : otherwise;
    }
}
