package io.notify.delivery.pipeline;

import static io.notify.delivery.DeliveryHarness.PATIENCE;
import static io.notify.delivery.DeliveryHarness.statusesOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.notify.contract.Topics;
import io.notify.delivery.DeliveryApp;
import io.notify.delivery.DeliveryHarness;
import io.notify.delivery.Notifications;
import io.notify.delivery.TopicReader;
import io.notify.delivery.provider.ConfiguredProviders;
import io.notify.delivery.retry.RetryTier;
import io.notify.delivery.retry.RetryTiers;
import io.notify.delivery.retry.RetryTopics;
import io.notify.runtime.config.ConfigSource;
import io.notify.sandbox.Fault;
import io.notify.sandbox.HttpSandbox;
import io.notify.sandbox.fcm.FcmSandbox;
import io.notify.sandbox.sendgrid.SendGridSandbox;
import io.notify.schemas.Channel;
import io.notify.schemas.DeliveryState;
import io.notify.schemas.EmailNotification;
import io.notify.schemas.NotificationStatus;
import io.notify.stack.LocalStackExtension;
import io.notify.stack.StackEndpoints;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SendGrid down for what would be minutes in production (503 to every request), on the real stack
 * with the real SDK adapters behind their circuits: Android push keeps being delivered, email backs
 * off instead of hammering SendGrid, and once SendGrid is back every email is accepted exactly once
 * and none is dead-lettered.
 *
 * <p>Time is scaled down about tenfold from the defaults (tiers 5s,1m,10m, circuit wait 30 s): tiers
 * 1s,8s,40s, circuit wait 4 s, a 40 s outage, as long as the ladder. Only sends that reach SendGrid
 * use a tier; the many the circuit turns away, open or half-open around its single probe, wait on
 * the 8 s tier with their attempts unchanged. So no email runs out of tiers, however the probes fall.
 */
@ExtendWith(LocalStackExtension.class)
class ProviderOutageIT {

    private static final Duration OUTAGE = Duration.ofSeconds(40);
    private static final Duration OPEN_WAIT = Duration.ofSeconds(4);
    private static final String TIERS = "1s,8s,40s";
    private static final int MINIMUM_CALLS = 4;
    private static final int HALF_OPEN_CALLS = 1;
    private static final int IN_FLIGHT = 8;
    private static final int EMAILS = 30;
    private static final int PUSHES = 10;
    /** Recovery: the circuit's last wait, the longest tier, and slack for a loaded machine. */
    private static final Duration RECOVERY = OPEN_WAIT.plusSeconds(40).plus(PATIENCE);

    private final StackEndpoints stack;
    private final DeliveryHarness harness;
    private final SendGridSandbox sendGrid = new SendGridSandbox().start();
    private final FcmSandbox fcm = new FcmSandbox().start();

    ProviderOutageIT(StackEndpoints stack) {
        this.stack = stack;
        this.harness = new DeliveryHarness(stack);
    }

    @AfterEach
    void close() {
        harness.close();
        sendGrid.close();
        fcm.close();
    }

    @Test
    void shouldBackOffFromADownProviderKeepOtherChannelsFlowingAndDeliverEverythingOnceWhenItRecovers() throws Exception {
        Map<String, EmailNotification> emails = new LinkedHashMap<>();
        users("outage-email", EMAILS).forEach((id, user) -> emails.put(id, Notifications.email(id, user)));
        Map<String, String> pushes = users("outage-push", PUSHES);
        sendGrid.faults().atRate(1.0, Fault.unavailable());
        Instant outageStart = Instant.now();
        ConfigSource config = harness.config(settings());
        startAfterOtherTestsRecords(config.string("delivery.group.prefix", ""));

        try (DeliveryApp app = DeliveryApp.start(config, ChannelProvider.allOf(ConfiguredProviders.fromConfig(config)));
             TopicReader<NotificationStatus> statuses = harness.statusReader();
             TopicReader<byte[]> dlq = harness.rawReader(Topics.channelDlq(Channel.EMAIL))) {
            emails.values().forEach(email -> harness.produce(Channel.EMAIL, email.getMeta().getUserId(), email));
            await().atMost(PATIENCE).until(() -> emailCircuitOpen(app));

            pushes.forEach((id, user) -> harness.produce(Channel.ANDROID, user, Notifications.android(id, user)));
            await().atMost(PATIENCE).until(() -> acceptedCounts(fcm, pushes.keySet()).size() == PUSHES);
            assertThat(Instant.now()).as("every push delivered while SendGrid is still down").isBefore(outageStart.plus(OUTAGE));
            assertThat(acceptedCounts(fcm, pushes.keySet()).values()).containsOnly(1L);

            // The outage lasts its full length whatever the app does meanwhile.
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), outageStart.plus(OUTAGE)).toMillis()));
            int attemptsDuringOutage = emails.values().stream().mapToInt(email -> sendGrid.ledger().attempts(email.getToAddress())).sum();
            Map<String, Long> acceptedDuringOutage = acceptedCounts(sendGrid, emails.keySet());
            Duration outage = Duration.between(outageStart, Instant.now());
            sendGrid.faults().clear();
            System.out.printf("outage test: %d emails, %d requests reached SendGrid in %d s of outage (bound %d)%n",
                    EMAILS, attemptsDuringOutage, outage.toSeconds(), attemptBound(outage));

            assertThat(acceptedDuringOutage).isEmpty();
            assertThat(attemptsDuringOutage).as("requests SendGrid saw in %s", outage).isBetween(1, attemptBound(outage));

            await().atMost(RECOVERY).until(() -> acceptedCounts(sendGrid, emails.keySet()).size() == EMAILS);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> acceptedCounts(sendGrid, emails.keySet()).values().stream().allMatch(count -> count == 1));
            List<NotificationStatus> emailStatuses = statusesOf(statuses.readUntil(records -> statusesOf(records, emails.keySet()).stream()
                    .filter(status -> status.getState() == DeliveryState.SENT).count() >= EMAILS, PATIENCE), emails.keySet());
            assertThat(emailStatuses).extracting(NotificationStatus::getState)
                    .doesNotContain(DeliveryState.DEAD, DeliveryState.FAILED)
                    .contains(DeliveryState.RETRYING);
            assertThat(dlq.readToEnd(PATIENCE)).noneMatch(letter -> emails.keySet().stream().anyMatch(id -> mentions(letter, id)));
        }
    }

    /**
     * A busy loop would ask SendGrid again as fast as it answers, thousands of times in the outage;
     * even the tiers alone, without a circuit, would send each email 4 times (120) and dead-letter
     * them all. With the circuit, SendGrid sees the failures that open it (at most the minimum calls
     * plus what was already in flight), then HALF_OPEN_CALLS probes per wait: fewer requests than emails.
     */
    private static int attemptBound(Duration outage) {
        long halfOpenWindows = outage.toMillis() / OPEN_WAIT.toMillis() + 1;
        return MINIMUM_CALLS + IN_FLIGHT + (int) halfOpenWindows * HALF_OPEN_CALLS;
    }

    private Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("delivery.channels", "email,android");
        settings.put("delivery.retry.tiers", TIERS);
        settings.put("delivery.inflight.max", Integer.toString(IN_FLIGHT));
        settings.put("sendgrid.endpoint", sendGrid.baseUrl());
        settings.put("sendgrid.api.key", sendGrid.apiKey());
        settings.put("sendgrid.circuit.window.calls", Integer.toString(MINIMUM_CALLS));
        settings.put("sendgrid.circuit.minimum.calls", Integer.toString(MINIMUM_CALLS));
        settings.put("sendgrid.circuit.open.wait", Long.toString(OPEN_WAIT.toMillis()));
        settings.put("sendgrid.circuit.half.open.calls", Integer.toString(HALF_OPEN_CALLS));
        settings.put("fcm.endpoint", fcm.baseUrl());
        settings.put("fcm.project.id", fcm.projectId());
        settings.put("fcm.access.token", fcm.accessToken());
        return settings;
    }

    /**
     * The module's tests share the channel and 1 s retry topics, and a new consumer group starts at
     * the earliest offset: other tests' emails (CrashRestartIT's hundreds) would compete with these
     * for the half-open probes and the bound on requests. This test's groups start at the end instead.
     */
    private void startAfterOtherTestsRecords(String groupPrefix) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
            Set<String> existing = admin.listTopics().names().get();
            for (Channel channel : List.of(Channel.EMAIL, Channel.ANDROID)) {
                String group = groupPrefix + "-" + channel.name().toLowerCase(Locale.ROOT);
                startAtEnd(admin, existing, group, Topics.channel(channel));
                for (RetryTier tier : RetryTiers.parse(TIERS).all()) {
                    startAtEnd(admin, existing, group + "-retry-" + tier.name(), RetryTopics.of(channel, tier));
                }
            }
        }
    }

    private static void startAtEnd(Admin admin, Set<String> existing, String group, String topic) throws Exception {
        if (!existing.contains(topic)) {
            return;
        }
        Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                .partitions().stream()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
        Map<TopicPartition, OffsetAndMetadata> ends = admin.listOffsets(latest).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> new OffsetAndMetadata(entry.getValue().offset())));
        admin.alterConsumerGroupOffsets(group, ends).all().get();
    }

    /** Notification id to user id; one user per notification, so each email has its own address. */
    private Map<String, String> users(String name, int count) {
        Map<String, String> byId = new LinkedHashMap<>();
        IntStream.range(0, count).forEach(n -> byId.put(harness.id(name + "-" + n), harness.id(name + "-user-" + n)));
        return byId;
    }

    private static boolean emailCircuitOpen(DeliveryApp app) {
        return app.meterRegistry().get("notify.delivery.circuit.open").tag("channel", "email").gauge().value() == 1.0;
    }

    private static Map<String, Long> acceptedCounts(HttpSandbox sandbox, Set<String> ids) {
        return sandbox.ledger().acceptedCountsByNotificationId().entrySet().stream()
                .filter(entry -> ids.contains(entry.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static boolean mentions(ConsumerRecord<String, byte[]> letter, String id) {
        return letter.value() != null && new String(letter.value(), StandardCharsets.ISO_8859_1).contains(id);
    }
}
