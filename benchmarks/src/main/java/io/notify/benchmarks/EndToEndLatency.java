package io.notify.benchmarks;

import io.notify.cli.platform.PlatformApps;
import io.notify.contract.Topics;
import io.notify.events.shop.OrderShipped;
import io.notify.runtime.serde.AvroSerdes;
import io.notify.sandbox.AcceptedRequest;
import io.notify.sandbox.SandboxLedger;
import io.notify.sandbox.Sandboxes;
import io.notify.schemas.Channel;
import io.notify.stack.LocalStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * End-to-end latency of the platform exactly as {@code ./notify up} runs it (two enricher
 * processes, the delivery process, the sandboxes): OrderShipped events are produced at a fixed
 * rate, and each notification's latency is the time from producing its event to the sandbox
 * accepting it (both clocks are this JVM's: the sandboxes run here). The notification-to-event
 * link comes from the channel records (each one is its notification's ROUTED). Also reports each
 * app's peak RSS (VmHWM).
 */
final class EndToEndLatency {

    private static final Duration STALL = Duration.ofSeconds(30);
    /**
     * The warm-up's load, whatever the measured one: enough to compile every hot path of seven
     * JVMs, little enough for two cores to carry (100 events/s left them no idle time). Measured
     * right after start-up, 100 events/s gave p50 1.7-12 s while C1 and C2 took a third of the
     * delivery app's CPU.
     */
    private static final int WARM_UP_RATE = 50;
    /** {@code notify_delivery_sent_total{channel="sms",provider="twilio"} 200.0}: the outcome and the count. */
    private static final Pattern OUTCOME_SAMPLE =
            Pattern.compile("notify_delivery_(sent|retried|deferred|dead|failed)_total\\{[^}]*} ([0-9.Ee+]+)");
    /**
     * Every notification counts, so no per-user rate limit; and the SMS and email providers' 500/s
     * quota guard is lifted: the sandboxes have no account quota, and the offered load (4 notifications
     * an event) would otherwise measure the guard.
     */
    private static final Map<String, String> UNTHROTTLED = Map.of(
            "enricher.rate.limit.per.hour", "0",
            "twilio.rate.limit.per.second", "100000",
            "sendgrid.rate.limit.per.second", "100000");

    /** What a run measured; latencies in milliseconds. */
    record Result(int rate, int events, long expected, long measured, double p50, double p99, double p999, double max,
                  Map<String, Long> peakRssMegabytes, Map<String, Stage> stages, Map<String, Long> deliveryOutcomes) {
    }

    /** p50 and p99 of one part of the way, in milliseconds. */
    record Stage(double p50, double p99) {
        static Stage of(List<Long> latencies) {
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            return new Stage(Percentile.of(sorted, 0.50), Percentile.of(sorted, 0.99));
        }
    }

    private final LocalStack stack;
    private final BenchmarkUsers users;
    private final int rate;
    private final Duration duration;
    private final Duration warmUp;
    private final Map<String, Long> producedAt = new ConcurrentHashMap<>();
    private final Map<String, String> eventOfNotification = new ConcurrentHashMap<>();
    /** When this JVM read each notification's channel record: the enricher's part of the way is over. */
    private final Map<String, Long> routedSeenAt = new ConcurrentHashMap<>();

    EndToEndLatency(LocalStack stack, BenchmarkUsers users, int rate, Duration duration, Duration warmUp) {
        this.stack = stack;
        this.users = users;
        this.rate = rate;
        this.duration = duration;
        this.warmUp = warmUp;
    }

    /** Needs the users inserted; starts the platform's apps, offers the load, then stops the apps. */
    Result run() throws Exception {
        int events = (int) (rate * duration.toSeconds());
        long expected = users.notificationsFor(events);
        try (PlatformApps apps = PlatformApps.start(stack, true, UNTHROTTLED)) {
            users.awaitCdc(apps.queryUrls().get(0));
            AtomicBoolean stop = new AtomicBoolean();
            Thread statuses = new Thread(() -> followChannelRecords(stop), "bench-channel-records");
            statuses.start();
            try {
                warmUp(apps.sandboxes());
                produceAtRate(events, rate, "lat-");
                awaitAccepted(apps.sandboxes(), expected);
            } finally {
                stop.set(true);
                statuses.join();
            }
            Map<String, Long> rss = new LinkedHashMap<>();
            apps.names().forEach(name -> rss.put(name, PeakRss.megabytes(apps.pid(name))));
            return summarize(events, expected, acceptedByProvider(apps.sandboxes()), rss, deliveryOutcomes(apps.deliveryMetricsUrl()));
        }
    }

    /**
     * A load first, delivered to the end, then forgotten: the measured run starts once both
     * enrichers own their tasks, every client is connected and the JIT has compiled the hot paths.
     */
    private void warmUp(Sandboxes sandboxes) throws InterruptedException {
        int events = (int) Math.max(1, WARM_UP_RATE * warmUp.toSeconds());
        produceAtRate(events, WARM_UP_RATE, "warm-up-");
        awaitAccepted(sandboxes, users.notificationsFor(events));
        ledgers(sandboxes).forEach(SandboxLedger::clear);
        producedAt.clear();
    }

    private void produceAtRate(int events, int rate, String eventIdPrefix) {
        Map<String, Object> properties = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.endpoints().bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 1);
        long started = System.nanoTime();
        long nanosPerEvent = 1_000_000_000L / rate;
        try (KafkaProducer<String, OrderShipped> producer = new KafkaProducer<>(properties, new StringSerializer(),
                new AvroSerdes(stack.endpoints().registryUrl()).specific(OrderShipped.class).serializer())) {
            for (int i = 0; i < events; i++) {
                long due = started + i * nanosPerEvent;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                String user = BenchmarkUsers.id(i % users.count());
                String eventId = eventIdPrefix + i;
                producedAt.put(eventId, System.currentTimeMillis());
                producer.send(new ProducerRecord<>(Topics.EVENTS_SHOP, user, OrderShipped.newBuilder()
                        .setEventId(eventId).setOccurredAt(Instant.now()).setUserId(user).setOrderId("o-" + i)
                        .setCarrier("DHL").setTrackingNumber("JD" + i).build()));
            }
        }
        System.out.printf(Locale.ROOT, "offered %d events at %.0f/s (target %d/s)%n", events, events / Seconds.since(started), rate);
    }

    private void followChannelRecords(AtomicBoolean stop) {
        Map<String, Object> properties = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.endpoints().bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.GROUP_ID_CONFIG, "bench-latency-" + System.nanoTime());
        try (KafkaConsumer<String, GenericRecord> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new AvroSerdes(stack.endpoints().registryUrl()).generic().deserializer())) {
            consumer.subscribe(Arrays.stream(Channel.values()).map(Topics::channel).toList());
            while (!stop.get()) {
                for (ConsumerRecord<String, GenericRecord> record : consumer.poll(Duration.ofMillis(200))) {
                    GenericRecord meta = (GenericRecord) record.value().get("meta");
                    String notificationId = meta.get("notificationId").toString();
                    eventOfNotification.put(notificationId, meta.get("sourceEventId").toString());
                    routedSeenAt.put(notificationId, System.currentTimeMillis());
                }
            }
        }
    }

    private void awaitAccepted(Sandboxes sandboxes, long expected) throws InterruptedException {
        long lastProgress = System.nanoTime();
        long seen = 0;
        while (seen < expected && Seconds.since(lastProgress) < STALL.toSeconds()) {
            Thread.sleep(250);
            long now = ledgers(sandboxes).mapToLong(SandboxLedger::acceptedCount).sum();
            if (now > seen) {
                seen = now;
                lastProgress = System.nanoTime();
            }
        }
        if (seen < expected) {
            System.out.printf("gave up with %d of %d notifications accepted (no progress for %s)%n", seen, expected, STALL);
        }
        // The last channel records are read right behind the last acceptance.
        Thread.sleep(1000);
    }

    private static Map<String, List<AcceptedRequest>> acceptedByProvider(Sandboxes sandboxes) {
        return Map.of("apns", sandboxes.apns().ledger().accepted(), "fcm", sandboxes.fcm().ledger().accepted(),
                "twilio", sandboxes.twilio().ledger().accepted(), "sendgrid", sandboxes.sendGrid().ledger().accepted());
    }

    private static Stream<SandboxLedger> ledgers(Sandboxes sandboxes) {
        return Stream.of(sandboxes.apns().ledger(), sandboxes.fcm().ledger(), sandboxes.twilio().ledger(), sandboxes.sendGrid().ledger());
    }

    /**
     * Besides the whole way, where the time went: to the channel record (the enricher, up to its
     * transaction commit), from there to the sandbox (the delivery app), and the whole way per provider.
     */
    private Result summarize(int events, long expected, Map<String, List<AcceptedRequest>> acceptedByProvider, Map<String, Long> rss,
                             Map<String, Long> deliveryOutcomes) {
        List<Long> latencies = new ArrayList<>();
        List<Long> toRouted = new ArrayList<>();
        List<Long> routedToAccepted = new ArrayList<>();
        Map<String, List<Long>> byProvider = new TreeMap<>();
        acceptedByProvider.forEach((provider, accepted) -> {
            for (AcceptedRequest request : accepted) {
                String eventId = eventOfNotification.get(request.notificationId());
                Long produced = eventId == null ? null : producedAt.get(eventId);
                if (produced != null) {
                    long acceptedAt = request.acceptedAt().toEpochMilli();
                    long routed = routedSeenAt.get(request.notificationId());
                    latencies.add(acceptedAt - produced);
                    toRouted.add(routed - produced);
                    routedToAccepted.add(acceptedAt - routed);
                    byProvider.computeIfAbsent(provider, p -> new ArrayList<>()).add(acceptedAt - produced);
                }
            }
        });
        Map<String, Stage> stages = new LinkedHashMap<>();
        stages.put("to_routed", Stage.of(toRouted));
        stages.put("routed_to_accepted", Stage.of(routedToAccepted));
        byProvider.forEach((provider, values) -> stages.put(provider, Stage.of(values)));
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Result(rate, events, expected, sorted.length, Percentile.of(sorted, 0.50), Percentile.of(sorted, 0.99),
                Percentile.of(sorted, 0.999), sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1], rss, stages, deliveryOutcomes);
    }

    /**
     * The delivery app's outcome counters over warm-up and run, all channels together: a latency tail
     * of seconds is a retry or a deferral (a tier of 5 s or more), and this says which.
     */
    private static Map<String, Long> deliveryOutcomes(String metricsUrl) throws Exception {
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(metricsUrl + "/metrics")).build(), HttpResponse.BodyHandlers.ofLines());
        Map<String, Long> totals = new TreeMap<>();
        response.body()
                .map(OUTCOME_SAMPLE::matcher)
                .filter(Matcher::matches)
                .forEach(sample -> totals.merge(sample.group(1), (long) Double.parseDouble(sample.group(2)), Long::sum));
        return totals;
    }

    static void print(Result r) {
        System.out.println();
        System.out.println("| end to end | value |");
        System.out.println("|---|---|");
        System.out.printf(Locale.ROOT, "| offered load | %d events/s for %d events (%d notifications expected) |%n", r.rate(), r.events(), r.expected());
        System.out.printf(Locale.ROOT, "| notifications measured | %d |%n", r.measured());
        System.out.printf(Locale.ROOT, "| latency p50 / p99 / p99.9 / max (ms) | %.0f / %.0f / %.0f / %.0f |%n", r.p50(), r.p99(), r.p999(), r.max());
        r.stages().forEach((stage, latency) -> System.out.printf(Locale.ROOT, "| p50 / p99 (ms) %s | %.0f / %.0f |%n",
                stage.replace('_', ' '), latency.p50(), latency.p99()));
        System.out.printf(Locale.ROOT, "| delivery outcomes (warm-up and run) | %s |%n", r.deliveryOutcomes());
        r.peakRssMegabytes().forEach((app, mb) -> System.out.printf(Locale.ROOT, "| peak RSS %s | %d MiB |%n", app, mb));
        System.out.println(json(r));
    }

    static String json(Result r) {
        StringBuilder rss = new StringBuilder();
        r.stages().forEach((stage, latency) -> rss.append(String.format(Locale.ROOT, ",\"%s_p50_ms\":%.0f,\"%s_p99_ms\":%.0f",
                stage, latency.p50(), stage, latency.p99())));
        r.deliveryOutcomes().forEach((outcome, count) -> rss.append(String.format(Locale.ROOT, ",\"delivery_%s\":%d", outcome, count)));
        r.peakRssMegabytes().forEach((app, mb) -> rss.append(String.format(Locale.ROOT, ",\"rss_mb_%s\":%d", app.replace(' ', '_'), mb)));
        return String.format(Locale.ROOT, "{\"bench\":\"end_to_end\",\"rate\":%d,\"events\":%d,\"expected\":%d,\"measured\":%d,"
                        + "\"p50_ms\":%.0f,\"p99_ms\":%.0f,\"p999_ms\":%.0f,\"max_ms\":%.0f%s}",
                r.rate(), r.events(), r.expected(), r.measured(), r.p50(), r.p99(), r.p999(), r.max(), rss);
    }
}
