package io.notify.cli.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.notify.cli.platform.ExpectedNotifications.Notification;
import io.notify.contract.Topics;
import io.notify.events.shop.OrderShipped;
import io.notify.runtime.deadletter.DeadLetterHeaders;
import io.notify.runtime.serde.AvroSerdes;
import io.notify.sandbox.SandboxLedger;
import io.notify.schemas.DeliveryState;
import io.notify.schemas.NotificationStatus;
import io.notify.stack.LocalStack;
import io.notify.stack.LocalStackExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Notifications may be late, never lost: events flow while each enricher instance and the
 * delivery app are killed with SIGKILL and the broker is restarted, and at the end every
 * notification the inputs imply — the sample data's contact rows and templates, the events
 * produced — is accounted for: each one to be routed was accepted at its sandbox, each one to be
 * suppressed has its SUPPRESSED status with the reason, nothing else exists for these events and
 * none was dead-lettered. Duplicates come only from sends in flight at a crash. The size is a
 * system property ({@code -Dfaults.events=100000} for the full run); CI runs the default.
 */
@ExtendWith(LocalStackExtension.class)
class FaultInjectionIT {

    private static final int EVENTS = Integer.getInteger("faults.events", 1500);
    private static final int IN_FLIGHT = 32;
    private static final List<String> USERS = List.of("u-1001", "u-1002", "u-1003");
    private static final String ORDER_SHIPPED = OrderShipped.getClassSchema().getFullName();
    private static final Duration ROUTABLE_TIMEOUT = Duration.ofMinutes(2);
    // Generous: after the faults, rebalances and restored tasks may take minutes on 2 cores.
    private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(10);

    /** One fault: what breaks while a slice of events is produced, then what brings it back. */
    private record Fault(String name, Runnable strike, Runnable recover) {
    }

    /** What the platform made of the expected notifications, read from the sandboxes and notify.status. */
    private record Observed(Map<String, Long> accepted, Map<String, NotificationStatus> statuses) {
    }

    @Test
    void shouldAccountForEveryNotificationTheInputsImplyWhenAppsCrashAndTheBrokerRestarts(LocalStack stack) throws Exception {
        SampleData.seed(stack.endpoints());
        ExpectedNotifications rules = ExpectedNotifications.fromDatabase(stack.endpoints());
        Map<String, String> settings = Map.of(
                // Thousands of events for three users: the hourly limit is not what is tested here.
                "enricher.rate.limit.per.hour", "100000000",
                "delivery.inflight.max", Integer.toString(IN_FLIGHT),
                // A killed member leaves the group after this, not after the 45 s default.
                "kafka.client.session.timeout.ms", "10000",
                "kafka.client.heartbeat.interval.ms", "2000");
        try (PlatformApps apps = PlatformApps.start(stack, true, settings)) {
            // What `up` waits for before it says "Ready": the clock starts on a platform that can route.
            SampleData.awaitRoutable(apps.queryUrls().get(0), ROUTABLE_TIMEOUT);
            Instant ready = Instant.now();
            List<Fault> faults = List.of(appKill(apps, "enricher 1"), appKill(apps, PlatformApps.DELIVERY),
                    brokerRestart(stack), appKill(apps, "enricher 2"), appKill(apps, PlatformApps.DELIVERY));
            Map<String, String> usersByEvent = produceAcross(stack, faults);
            System.out.printf("fault injection: %d faults done, %d events produced in %d s%n",
                    faults.size(), usersByEvent.size(), Duration.between(ready, Instant.now()).toSeconds());

            List<Notification> expected = usersByEvent.entrySet().stream()
                    .flatMap(event -> rules.of(event.getKey(), event.getValue(), ORDER_SHIPPED).stream()).toList();
            Observed observed = awaitAccountedFor(stack, apps, expected);
            Duration took = Duration.between(ready, Instant.now());
            List<Notification> lost = expected.stream().filter(Notification::isRouted)
                    .filter(n -> !observed.accepted().containsKey(n.id())).toList();
            List<Notification> unsuppressed = expected.stream().filter(n -> !n.isRouted())
                    .filter(n -> !hasSuppression(observed.statuses(), n)).toList();
            List<String> unexpected = unexpected(expected, usersByEvent.keySet(), observed);
            Map<String, Long> deadLetters = deadLetterReasons(stack, usersByEvent.keySet());
            long duplicates = expected.stream().filter(n -> observed.accepted().getOrDefault(n.id(), 0L) > 1).count();

            printSummary(faults, usersByEvent.size(), expected, observed, lost, unsuppressed, unexpected, deadLetters, duplicates, took);
            if (!lost.isEmpty() || !unsuppressed.isEmpty() || !unexpected.isEmpty() || !deadLetters.isEmpty()) {
                printDiagnosis(stack, lost, unsuppressed, unexpected, observed.statuses());
            }

            // Counts, with a few examples: the diagnosis above already says where the rest belong.
            assertThat(lost.size()).as("routed notifications never accepted at their sandbox, e.g. %s", first(lost)).isZero();
            assertThat(unsuppressed.size()).as("suppressions without their SUPPRESSED status and reason, e.g. %s",
                    first(unsuppressed)).isZero();
            assertThat(unexpected.size()).as("notifications the inputs do not imply, e.g. %s", first(unexpected)).isZero();
            assertThat(deadLetters).as("dead letters of these events, by reason").isEmpty();
            // Only sends in flight at one of the two delivery crashes may be repeated.
            assertThat(duplicates).isLessThanOrEqualTo(2L * IN_FLIGHT);
        } finally {
            keepLogs(stack.directory());
        }
    }

    private static Fault appKill(PlatformApps apps, String name) {
        return new Fault("kill " + name, () -> apps.kill(name), () -> {
            long started = System.nanoTime();
            apps.restart(name);
            System.out.printf("fault injection: %s ready again %.1f s after its restart%n", name, (System.nanoTime() - started) / 1e9);
        });
    }

    private static Fault brokerRestart(LocalStack stack) {
        AtomicReference<CompletableFuture<Void>> restarting = new AtomicReference<>();
        return new Fault("broker restart",
                () -> restarting.set(CompletableFuture.runAsync(() -> stack.kafka().restart(Duration.ofSeconds(90)))),
                () -> restarting.get().join());
    }

    /**
     * Produces the events in one slice per fault and one more. Each fault strikes once its slice
     * is half produced, so the rest of the slice meets the fault, and the next slice starts only
     * once it struck, so it flows while the app or broker comes back. Returns user id by event id.
     */
    private static Map<String, String> produceAcross(LocalStack stack, List<Fault> faults) throws Exception {
        int slices = faults.size() + 1;
        List<CountDownLatch> halfway = Stream.generate(() -> new CountDownLatch(1)).limit(faults.size()).toList();
        List<CountDownLatch> struck = Stream.generate(() -> new CountDownLatch(1)).limit(faults.size()).toList();
        CompletableFuture<Map<String, String>> producing = CompletableFuture.supplyAsync(() -> produce(stack, slices, halfway, struck));
        for (int i = 0; i < faults.size(); i++) {
            Fault fault = faults.get(i);
            if (!halfway.get(i).await(3, TimeUnit.MINUTES)) {
                producing.getNow(null);
                throw new IllegalStateException("the producer did not reach slice " + i + " within 3 minutes");
            }
            System.out.println("fault injection: " + fault.name());
            fault.strike().run();
            struck.get(i).countDown();
            fault.recover().run();
        }
        return producing.get(5, TimeUnit.MINUTES);
    }

    private static Map<String, String> produce(LocalStack stack, int slices, List<CountDownLatch> halfway,
                                               List<CountDownLatch> struck) {
        AvroSerdes serdes = new AvroSerdes(stack.endpoints().registryUrl());
        Map<String, Object> config = new HashMap<>(stack.endpoints().kafka().clientProperties());
        config.put("acks", "all");
        config.put("enable.idempotence", true);
        config.put("delivery.timeout.ms", 180_000);
        Map<String, String> usersByEvent = new LinkedHashMap<>();
        int perSlice = EVENTS / slices;
        try (KafkaProducer<String, OrderShipped> producer = new KafkaProducer<>(config, new StringSerializer(),
                serdes.specific(OrderShipped.class).serializer())) {
            for (int n = 0; n < EVENTS; n++) {
                int slice = Math.min(n / perSlice, slices - 1);
                if (n % perSlice == perSlice / 2 && slice < halfway.size()) {
                    halfway.get(slice).countDown();
                }
                if (n % perSlice == 0 && slice > 0 && slice <= struck.size() && !struck.get(slice - 1).await(5, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("fault " + (slice - 1) + " did not strike within 5 minutes");
                }
                String user = USERS.get(n % USERS.size());
                String eventId = UUID.randomUUID().toString();
                usersByEvent.put(eventId, user);
                producer.send(new ProducerRecord<>(Topics.EVENTS_SHOP, user, OrderShipped.newBuilder().setEventId(eventId)
                        .setOccurredAt(Instant.now()).setUserId(user).setOrderId("o-" + n).setCarrier("DHL")
                        .setTrackingNumber("T" + n).build()));
                // A steady flow rather than one burst, so that every fault meets events in flight.
                if (n % 50 == 49) {
                    producer.flush();
                    TimeUnit.MILLISECONDS.sleep(250);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while producing", e);
        }
        return usersByEvent;
    }

    /** Reads the sandboxes and notify.status until every expected notification shows, or the timeout. */
    private static Observed awaitAccountedFor(LocalStack stack, PlatformApps apps, List<Notification> expected)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(SETTLE_TIMEOUT);
        while (true) {
            Observed observed = new Observed(acceptedCounts(apps), latestStatuses(stack));
            boolean complete = expected.stream().allMatch(n -> n.isRouted()
                    ? observed.accepted().containsKey(n.id())
                    : hasSuppression(observed.statuses(), n));
            if (complete) {
                // Let a late resend show before counting duplicates.
                TimeUnit.SECONDS.sleep(3);
                return new Observed(acceptedCounts(apps), observed.statuses());
            }
            if (Instant.now().isAfter(deadline)) {
                return observed;
            }
            TimeUnit.SECONDS.sleep(5);
        }
    }

    private static boolean hasSuppression(Map<String, NotificationStatus> statuses, Notification notification) {
        NotificationStatus status = statuses.get(notification.id());
        return status != null && status.getState() == DeliveryState.SUPPRESSED
                && notification.outcome().equals(status.getReason());
    }

    /**
     * Notifications of these events that nobody expected: a status under another id, an
     * acceptance at a sandbox of anything not to be routed, a suppression of what was to be routed.
     */
    private static List<String> unexpected(List<Notification> expected, Set<String> eventIds, Observed observed) {
        Map<String, Notification> byId = expected.stream().collect(Collectors.toMap(Notification::id, Function.identity()));
        List<String> unexpected = new ArrayList<>();
        observed.statuses().forEach((id, status) -> {
            Notification notification = byId.get(id);
            if (notification == null && eventIds.contains(status.getSourceEventId())) {
                unexpected.add(status.getState() + " " + status.getReason() + " " + status.getUserId() + " " + status.getChannel() + " " + id);
            } else if (notification != null && notification.isRouted() && status.getState() == DeliveryState.SUPPRESSED) {
                unexpected.add("SUPPRESSED " + status.getReason() + " instead of routed: " + describe(notification));
            }
        });
        observed.accepted().keySet().stream()
                .filter(id -> byId.get(id) == null || !byId.get(id).isRouted())
                .forEach(id -> unexpected.add("accepted at a sandbox: " + (byId.containsKey(id) ? describe(byId.get(id)) : id)));
        return unexpected;
    }

    /** notify.status is compacted by notification id: the last status of each id is what it says. */
    private static Map<String, NotificationStatus> latestStatuses(LocalStack stack) {
        Deserializer<NotificationStatus> statuses = new AvroSerdes(stack.endpoints().registryUrl())
                .specific(NotificationStatus.class).deserializer();
        Map<String, NotificationStatus> latest = new HashMap<>();
        for (ConsumerRecord<String, NotificationStatus> record : TopicContents.readAll(stack.endpoints(), Topics.STATUS, statuses)) {
            if (record.value() == null) {
                latest.remove(record.key());
            } else {
                latest.put(record.key(), record.value());
            }
        }
        return latest;
    }

    /** The dead letters of these events by {@code notify.dlq.reason}; the DLQ's value is the event as produced. */
    private static Map<String, Long> deadLetterReasons(LocalStack stack, Set<String> eventIds) {
        Deserializer<GenericRecord> events = new AvroSerdes(stack.endpoints().registryUrl()).generic().deserializer();
        return deadLetters(stack).stream().filter(letter -> eventIds.contains(eventIdOf(events, letter.value())))
                .collect(Collectors.groupingBy(FaultInjectionIT::reasonOf, TreeMap::new, Collectors.counting()));
    }

    private static List<ConsumerRecord<String, byte[]>> deadLetters(LocalStack stack) {
        return TopicContents.readAll(stack.endpoints(), Topics.EVENTS_DLQ, new ByteArrayDeserializer());
    }

    private static String reasonOf(ConsumerRecord<String, byte[]> letter) {
        return DeadLetterHeaders.read(letter.headers(), DeadLetterHeaders.REASON).orElse("(no reason)");
    }

    private static String eventIdOf(Deserializer<GenericRecord> events, byte[] value) {
        try {
            GenericRecord event = events.deserialize(Topics.EVENTS_DLQ, value);
            return event != null && event.hasField("eventId") ? String.valueOf(event.get("eventId")) : null;
        } catch (RuntimeException notAnEvent) {
            // A dead letter of undecodable bytes: not one of the events produced here.
            return null;
        }
    }

    private static Map<String, Long> acceptedCounts(PlatformApps apps) {
        Map<String, Long> counts = new HashMap<>();
        Stream.of(apps.sandboxes().apns().ledger(), apps.sandboxes().fcm().ledger(), apps.sandboxes().twilio().ledger(),
                        apps.sandboxes().sendGrid().ledger())
                .map(SandboxLedger::acceptedCountsByNotificationId)
                .forEach(ledger -> ledger.forEach((id, count) -> counts.merge(id, count, Long::sum)));
        return counts;
    }

    private static void printSummary(List<Fault> faults, int events, List<Notification> expected, Observed observed, List<Notification> lost,
                                     List<Notification> unsuppressed, List<String> unexpected, Map<String, Long> deadLetters,
                                     long duplicates, Duration took) {
        long routed = expected.stream().filter(Notification::isRouted).count();
        Map<String, Long> suppressedByReason = expected.stream().filter(n -> !n.isRouted())
                .collect(Collectors.groupingBy(Notification::outcome, TreeMap::new, Collectors.counting()));
        long accepted = expected.stream().filter(Notification::isRouted).filter(n -> observed.accepted().containsKey(n.id())).count();
        StringBuilder table = new StringBuilder(String.format("%nfault injection: %d faults (%s), accounted for %d s after ready%n",
                faults.size(), faults.stream().map(Fault::name).collect(Collectors.joining(", ")), took.toSeconds()));
        row(table, "events produced", events);
        row(table, "expected routed", routed);
        suppressedByReason.forEach((reason, count) -> row(table, "expected suppressed " + reason, count));
        row(table, "accepted", accepted);
        row(table, "lost", lost.size());
        row(table, "suppressions missing", unsuppressed.size());
        row(table, "unexpected", unexpected.size());
        row(table, "dead letters", deadLetters.values().stream().mapToLong(Long::longValue).sum());
        row(table, "accepted more than once", duplicates);
        table.append(String.format("  %-36s %7.3f%%%n", "duplicates", 100.0 * duplicates / Math.max(1, routed)));
        System.out.print(table);
    }

    private static void row(StringBuilder table, String name, long value) {
        table.append(String.format("  %-36s %8d%n", name, value));
    }

    /** What a failed CI run needs to say what happened: where the missing ones belong, what the DLQ holds. */
    private static void printDiagnosis(LocalStack stack, List<Notification> lost, List<Notification> unsuppressed,
                                       List<String> unexpected, Map<String, NotificationStatus> statuses) {
        Map<String, Long> missing = Stream.concat(lost.stream(), unsuppressed.stream())
                .collect(Collectors.groupingBy(n -> n.userId() + " " + n.channel() + " " + n.outcome(), TreeMap::new,
                        Collectors.counting()));
        System.out.println("fault injection: missing by user, channel and expected outcome: " + missing);
        Map<String, Long> lostStates = lost.stream()
                .collect(Collectors.groupingBy(n -> statuses.containsKey(n.id()) ? String.valueOf(statuses.get(n.id()).getState())
                        : "no status", TreeMap::new, Collectors.counting()));
        System.out.println("fault injection: last status of the lost ones: " + lostStates);
        unsuppressed.stream().limit(10).forEach(n -> System.out.println("  suppression missing: " + describe(n)
                + " found " + (statuses.containsKey(n.id()) ? statuses.get(n.id()).getState() + " " + statuses.get(n.id()).getReason() : "nothing")));
        unexpected.stream().limit(10).forEach(u -> System.out.println("  unexpected: " + u));
        Map<String, Long> allDeadLetters = deadLetters(stack).stream()
                .collect(Collectors.groupingBy(FaultInjectionIT::reasonOf, TreeMap::new, Collectors.counting()));
        System.out.println("fault injection: the whole DLQ by reason: " + allDeadLetters);
    }

    private static List<?> first(List<?> items) {
        return items.subList(0, Math.min(3, items.size()));
    }

    private static String describe(Notification notification) {
        return notification.userId() + " " + notification.channel() + " " + notification.outcome() + " event "
                + notification.eventId() + " id " + notification.id();
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
}
