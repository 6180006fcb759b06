package io.notify.cli.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.notify.contract.Topics;
import io.notify.events.shop.OrderShipped;
import io.notify.runtime.serde.AvroSerdes;
import io.notify.sandbox.SandboxLedger;
import io.notify.schemas.DeliveryState;
import io.notify.schemas.NotificationStatus;
import io.notify.stack.LocalStack;
import io.notify.stack.LocalStackExtension;
import java.time.Duration;
import java.time.Instant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Notifications may be late, never lost: events flow while each enricher instance and the
 * delivery app are killed with SIGKILL (twice each for the apps, once the broker is restarted),
 * and at the end every routed notification has reached its sandbox, duplicates come only from
 * sends in flight at a crash, and a summary says what happened. The size is a system property
 * ({@code -Dfaults.events=100000} for the full run); CI runs the default.
 */
@ExtendWith(LocalStackExtension.class)
class FaultInjectionIT {

    private static final int EVENTS = Integer.getInteger("faults.events", 1500);
    private static final int IN_FLIGHT = 32;
    private static final List<String> USERS = List.of("u-1001", "u-1002", "u-1003");

    @Test
    void shouldLoseNoNotificationWhenAppsCrashAndTheBrokerRestarts(LocalStack stack) throws Exception {
        SampleData.seed(stack.endpoints());
        Map<String, String> settings = Map.of(
                // Thousands of events for three users: the hourly limit is not what is tested here.
                "enricher.rate.limit.per.hour", "100000000",
                "delivery.inflight.max", Integer.toString(IN_FLIGHT),
                // A killed member leaves the group after this, not after the 45 s default.
                "kafka.client.session.timeout.ms", "10000",
                "kafka.client.heartbeat.interval.ms", "2000");
        Set<String> eventIds = new HashSet<>();
        try (PlatformApps apps = PlatformApps.start(stack, true, settings)) {
            CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> produce(stack, eventIds));
            int faults = 0;
            for (String crash : List.of("enricher 1", PlatformApps.DELIVERY)) {
                TimeUnit.SECONDS.sleep(4);
                apps.kill(crash);
                apps.restart(crash);
                faults++;
            }
            TimeUnit.SECONDS.sleep(3);
            stack.kafka().restart(Duration.ofSeconds(90));
            faults++;
            for (String crash : List.of("enricher 2", PlatformApps.DELIVERY)) {
                TimeUnit.SECONDS.sleep(4);
                apps.kill(crash);
                apps.restart(crash);
                faults++;
            }
            producing.get(5, TimeUnit.MINUTES);

            System.out.println("fault injection: all faults done, producer finished");
            Set<String> routed = routedNotifications(stack, eventIds);
            Map<String, Long> accepted = awaitAccepted(apps, routed);
            long lost = routed.stream().filter(id -> !accepted.containsKey(id)).count();
            long duplicates = routed.stream().filter(id -> accepted.getOrDefault(id, 0L) > 1).count();
            System.out.printf("%nfault injection: %d faults (2 enricher kills, 2 delivery kills, 1 broker restart)%n", faults);
            System.out.printf("  %-28s %8d%n  %-28s %8d%n  %-28s %8d%n  %-28s %8d%n  %-28s %7.3f%%%n",
                    "events produced", eventIds.size(), "notifications routed", routed.size(), "lost", lost,
                    "accepted more than once", duplicates, "duplicates", 100.0 * duplicates / routed.size());

            assertThat(lost).isZero();
            // Only sends in flight at one of the two delivery crashes may be repeated.
            assertThat(duplicates).isLessThanOrEqualTo(2L * IN_FLIGHT);
        } finally {
            keepLogs(stack.directory());
        }
    }

    /** The apps' logs outlive the stack's directory, for whoever reads a failed CI run. */
    private static void keepLogs(Path stackDirectory) throws IOException {
        Path target = Path.of("target", "fault-injection-logs");
        Files.createDirectories(target);
        try (var logs = Files.list(stackDirectory)) {
            for (Path log : logs.filter(p -> p.toString().endsWith(".log")).toList()) {
                Files.copy(log, target.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void produce(LocalStack stack, Set<String> eventIds) {
        AvroSerdes serdes = new AvroSerdes(stack.endpoints().registryUrl());
        Map<String, Object> config = new HashMap<>(stack.endpoints().kafka().clientProperties());
        config.put("acks", "all");
        config.put("enable.idempotence", true);
        config.put("delivery.timeout.ms", 180_000);
        try (KafkaProducer<String, OrderShipped> producer = new KafkaProducer<>(config, new StringSerializer(),
                serdes.specific(OrderShipped.class).serializer())) {
            for (int n = 0; n < EVENTS; n++) {
                String user = USERS.get(n % USERS.size());
                String eventId = UUID.randomUUID().toString();
                eventIds.add(eventId);
                producer.send(new ProducerRecord<>(Topics.EVENTS_SHOP, user, OrderShipped.newBuilder().setEventId(eventId)
                        .setOccurredAt(Instant.now()).setUserId(user).setOrderId("o-" + n).setCarrier("DHL")
                        .setTrackingNumber("T" + n).build()));
                if (n % 50 == 49) {
                    producer.flush();
                    TimeUnit.MILLISECONDS.sleep(250);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every notification the enricher routed for our events: what must reach a provider. */
    private static Set<String> routedNotifications(LocalStack stack, Set<String> eventIds) {
        Deserializer<NotificationStatus> statuses = new AvroSerdes(stack.endpoints().registryUrl())
                .specific(NotificationStatus.class).deserializer();
        Set<String> routed = new HashSet<>();
        Set<String> eventsSeen = new HashSet<>();
        Map<String, Integer> suppressed = new java.util.TreeMap<>();
        try (KafkaConsumer<String, NotificationStatus> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", stack.endpoints().bootstrapServers(), "group.id", "faults-" + UUID.randomUUID(),
                "auto.offset.reset", "earliest", "isolation.level", "read_committed"), new StringDeserializer(), statuses)) {
            consumer.subscribe(List.of(Topics.STATUS));
            // Generous: after the faults, rebalances and a restored task may take minutes on 2 cores.
            Instant deadline = Instant.now().plus(Duration.ofMinutes(8));
            Instant quietSince = Instant.now();
            // Statuses are keyed by notification id, so one event's spread over partitions: read
            // until every event was seen and then nothing new came for a while.
            while (Instant.now().isBefore(deadline)
                    && (eventsSeen.size() < eventIds.size() || Duration.between(quietSince, Instant.now()).toSeconds() < 5)) {
                for (ConsumerRecord<String, NotificationStatus> record : consumer.poll(Duration.ofMillis(500))) {
                    NotificationStatus status = record.value();
                    // notify.status is compacted by notification id: a ROUTED may already be replaced by
                    // its SENT, so any status but SUPPRESSED names a notification that was routed.
                    if (status.getState() != DeliveryState.SUPPRESSED && eventIds.contains(status.getSourceEventId())) {
                        if (routed.add(status.getNotificationId())) {
                            quietSince = Instant.now();
                        }
                        eventsSeen.add(status.getSourceEventId());
                    } else if (status.getState() == DeliveryState.SUPPRESSED && eventIds.contains(status.getSourceEventId())) {
                        suppressed.merge(status.getChannel() + " " + status.getReason(), 1, Integer::sum);
                    }
                }
            }
        }
        System.out.println("fault injection: suppressed by the rules (not expected at a provider): " + suppressed);
        assertThat(eventsSeen.size()).as("events routed").isEqualTo(eventIds.size());
        return routed;
    }

    private static Map<String, Long> awaitAccepted(PlatformApps apps, Set<String> routed) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        Map<String, Long> accepted = Map.of();
        while (Instant.now().isBefore(deadline)) {
            accepted = acceptedCounts(apps);
            if (accepted.keySet().containsAll(routed)) {
                // Let a late resend show before counting duplicates.
                TimeUnit.SECONDS.sleep(3);
                return acceptedCounts(apps);
            }
            TimeUnit.SECONDS.sleep(1);
        }
        return accepted;
    }

    private static Map<String, Long> acceptedCounts(PlatformApps apps) {
        Map<String, Long> counts = new HashMap<>();
        Stream.of(apps.sandboxes().apns().ledger(), apps.sandboxes().fcm().ledger(), apps.sandboxes().twilio().ledger(),
                        apps.sandboxes().sendGrid().ledger())
                .map(SandboxLedger::acceptedCountsByNotificationId)
                .forEach(ledger -> ledger.forEach((id, count) -> counts.merge(id, count, Long::sum)));
        return counts;
    }
}
