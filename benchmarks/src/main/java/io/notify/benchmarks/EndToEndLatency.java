package io.notify.benchmarks;

import io.notify.cli.platform.PlatformApps;
import io.notify.contract.Topics;
import io.notify.events.shop.OrderShipped;
import io.notify.runtime.serde.AvroSerdes;
import io.notify.sandbox.AcceptedRequest;
import io.notify.sandbox.SandboxLedger;
import io.notify.sandbox.Sandboxes;
import io.notify.schemas.DeliveryState;
import io.notify.schemas.NotificationStatus;
import io.notify.stack.LocalStack;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
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
 * link comes from the enricher's ROUTED statuses. Also reports each app's peak RSS (VmHWM).
 */
final class EndToEndLatency {

    private static final Duration STALL = Duration.ofSeconds(30);
    private static final int WARM_UP_EVENTS = 200;
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
                  Map<String, Long> peakRssMegabytes) {
    }

    private final LocalStack stack;
    private final BenchmarkUsers users;
    private final int rate;
    private final Duration duration;
    private final Map<String, Long> producedAt = new ConcurrentHashMap<>();
    private final Map<String, String> eventOfNotification = new ConcurrentHashMap<>();

    EndToEndLatency(LocalStack stack, BenchmarkUsers users, int rate, Duration duration) {
        this.stack = stack;
        this.users = users;
        this.rate = rate;
        this.duration = duration;
    }

    /** Needs the users inserted; starts the platform's apps, offers the load, then stops the apps. */
    Result run() throws Exception {
        int events = (int) (rate * duration.toSeconds());
        long expected = users.notificationsFor(events);
        try (PlatformApps apps = PlatformApps.start(stack, true, UNTHROTTLED)) {
            users.awaitCdc(apps.queryUrls().get(0));
            AtomicBoolean stop = new AtomicBoolean();
            Thread statuses = new Thread(() -> followRoutedStatuses(stop), "bench-routed-statuses");
            statuses.start();
            try {
                warmUp(apps.sandboxes());
                produceAtRate(events, "lat-");
                awaitAccepted(apps.sandboxes(), expected);
            } finally {
                stop.set(true);
                statuses.join();
            }
            Map<String, Long> rss = new LinkedHashMap<>();
            apps.names().forEach(name -> rss.put(name, PeakRss.megabytes(apps.pid(name))));
            return summarize(events, expected, accepted(apps.sandboxes()), rss);
        }
    }

    /**
     * A short load first, delivered to the end, then forgotten: the measured run starts once both
     * enrichers own their tasks and every client is connected, not during the first rebalance.
     */
    private void warmUp(Sandboxes sandboxes) throws InterruptedException {
        int events = Math.min(WARM_UP_EVENTS, users.count());
        produceAtRate(events, "warm-up-");
        awaitAccepted(sandboxes, users.notificationsFor(events));
        ledgers(sandboxes).forEach(SandboxLedger::clear);
        producedAt.clear();
    }

    private void produceAtRate(int events, String eventIdPrefix) {
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

    private void followRoutedStatuses(AtomicBoolean stop) {
        Map<String, Object> properties = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.endpoints().bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.GROUP_ID_CONFIG, "bench-latency-" + System.nanoTime());
        try (KafkaConsumer<String, NotificationStatus> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new AvroSerdes(stack.endpoints().registryUrl()).specific(NotificationStatus.class).deserializer())) {
            consumer.subscribe(List.of(Topics.STATUS));
            while (!stop.get()) {
                for (ConsumerRecord<String, NotificationStatus> record : consumer.poll(Duration.ofMillis(200))) {
                    NotificationStatus status = record.value();
                    if (status != null && status.getState() == DeliveryState.ROUTED && status.getSourceEventId() != null) {
                        eventOfNotification.put(status.getNotificationId(), status.getSourceEventId());
                    }
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
        // The last ROUTED statuses are read right behind the last acceptance.
        Thread.sleep(1000);
    }

    private static List<AcceptedRequest> accepted(Sandboxes sandboxes) {
        return ledgers(sandboxes).map(SandboxLedger::accepted).flatMap(List::stream).toList();
    }

    private static Stream<SandboxLedger> ledgers(Sandboxes sandboxes) {
        return Stream.of(sandboxes.apns().ledger(), sandboxes.fcm().ledger(), sandboxes.twilio().ledger(), sandboxes.sendGrid().ledger());
    }

    private Result summarize(int events, long expected, List<AcceptedRequest> accepted, Map<String, Long> rss) {
        List<Long> latencies = new ArrayList<>();
        for (AcceptedRequest request : accepted) {
            String eventId = eventOfNotification.get(request.notificationId());
            Long produced = eventId == null ? null : producedAt.get(eventId);
            if (produced != null) {
                latencies.add(request.acceptedAt().toEpochMilli() - produced);
            }
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Result(rate, events, expected, sorted.length, percentile(sorted, 0.50), percentile(sorted, 0.99),
                percentile(sorted, 0.999), sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1], rss);
    }

    private static double percentile(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)];
    }

    static void print(Result r) {
        System.out.println();
        System.out.println("| end to end | value |");
        System.out.println("|---|---|");
        System.out.printf(Locale.ROOT, "| offered load | %d events/s for %d events (%d notifications expected) |%n", r.rate(), r.events(), r.expected());
        System.out.printf(Locale.ROOT, "| notifications measured | %d |%n", r.measured());
        System.out.printf(Locale.ROOT, "| latency p50 / p99 / p99.9 / max (ms) | %.0f / %.0f / %.0f / %.0f |%n", r.p50(), r.p99(), r.p999(), r.max());
        r.peakRssMegabytes().forEach((app, mb) -> System.out.printf(Locale.ROOT, "| peak RSS %s | %d MiB |%n", app, mb));
        System.out.println(json(r));
    }

    static String json(Result r) {
        StringBuilder rss = new StringBuilder();
        r.peakRssMegabytes().forEach((app, mb) -> rss.append(String.format(Locale.ROOT, ",\"rss_mb_%s\":%d", app.replace(' ', '_'), mb)));
        return String.format(Locale.ROOT, "{\"bench\":\"end_to_end\",\"rate\":%d,\"events\":%d,\"expected\":%d,\"measured\":%d,"
                        + "\"p50_ms\":%.0f,\"p99_ms\":%.0f,\"p999_ms\":%.0f,\"max_ms\":%.0f%s}",
                r.rate(), r.events(), r.expected(), r.measured(), r.p50(), r.p99(), r.p999(), r.max(), rss);
    }
}
