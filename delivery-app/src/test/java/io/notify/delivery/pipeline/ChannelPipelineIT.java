package io.notify.delivery.pipeline;

import static io.notify.delivery.DeliveryHarness.PATIENCE;
import static io.notify.delivery.DeliveryHarness.statusesOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import io.notify.contract.Topics;
import io.notify.delivery.DeliveryApp;
import io.notify.delivery.DeliveryHarness;
import io.notify.delivery.Notifications;
import io.notify.delivery.ScriptedAdapter;
import io.notify.delivery.TopicReader;
import io.notify.delivery.provider.ProviderCircuit;
import io.notify.delivery.provider.SendOutcome;
import io.notify.runtime.deadletter.DeadLetterHeaders;
import io.notify.runtime.topics.UserPartition;
import io.notify.schemas.AndroidPushNotification;
import io.notify.schemas.Channel;
import io.notify.schemas.DeliveryState;
import io.notify.schemas.DeviceTokenInvalidated;
import io.notify.schemas.EmailNotification;
import io.notify.schemas.IosPushNotification;
import io.notify.schemas.NotificationStatus;
import io.notify.schemas.SmsNotification;
import io.notify.stack.LocalStackExtension;
import io.notify.stack.StackEndpoints;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalStackExtension.class)
class ChannelPipelineIT {

    private final DeliveryHarness harness;

    ChannelPipelineIT(StackEndpoints stack) {
        this.harness = new DeliveryHarness(stack);
    }

    @AfterEach
    void closeHarness() {
        harness.close();
    }

    @Test
    void shouldSendEachNotificationAndReportItSentWithTheProviderMessageId() throws Exception {
        ScriptedAdapter<EmailNotification> email = new ScriptedAdapter<>("sendgrid", NotificationType.EMAIL, Duration.ofMillis(20));
        Set<String> ids = ids("mail", 5);
        try (DeliveryApp app = harness.start(Map.of(Channel.EMAIL, email), Map.of());
             TopicReader<NotificationStatus> statuses = harness.statusReader()) {
            ids.forEach(id -> harness.produce(Channel.EMAIL, harness.id("user"), Notifications.email(id, harness.id("user"))));

            List<NotificationStatus> sent = statusesOf(statuses.readUntil(
                    records -> statusesOf(records, ids).size() >= ids.size(), PATIENCE), ids);

            assertThat(sent).extracting(NotificationStatus::getNotificationId).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(sent).allSatisfy(status -> {
                assertThat(status.getState()).isEqualTo(DeliveryState.SENT);
                assertThat(status.getProvider()).isEqualTo("sendgrid");
                assertThat(status.getProviderMessageId()).isEqualTo("sendgrid-" + status.getNotificationId());
                assertThat(status.getAttempt()).isEqualTo(1);
            });
            assertThat(scrapeOverHttp(app))
                    .contains("notify_delivery_sent_total{channel=\"email\",provider=\"sendgrid\"}")
                    .contains("notify_delivery_consumer_lag{channel=\"email\",topic=\"notify.email\"}")
                    .contains("notify_delivery_inflight{channel=\"email\"}")
                    .contains("notify_delivery_provider_latency_seconds_bucket");
        }
    }

    @Test
    void shouldNeverSendARecordOfAnAbortedTransaction() throws Exception {
        ScriptedAdapter<EmailNotification> email = new ScriptedAdapter<>("sendgrid", NotificationType.EMAIL, Duration.ZERO);
        String user = harness.id("tx-user");
        String aborted = harness.id("aborted");
        String committed = harness.id("committed");
        Serializer<EmailNotification> serializer = harness.serdes().specific(EmailNotification.class).serializer();
        try (DeliveryApp app = harness.start(Map.of(Channel.EMAIL, email), Map.of());
             TopicReader<NotificationStatus> statuses = harness.statusReader();
             KafkaProducer<String, byte[]> enricherLike = transactionalProducer()) {
            enricherLike.initTransactions();
            enricherLike.beginTransaction();
            enricherLike.send(new ProducerRecord<>(Topics.channel(Channel.EMAIL), user,
                    serializer.serialize(Topics.channel(Channel.EMAIL), Notifications.email(aborted, user)))).get();
            enricherLike.abortTransaction();
            enricherLike.beginTransaction();
            enricherLike.send(new ProducerRecord<>(Topics.channel(Channel.EMAIL), user,
                    serializer.serialize(Topics.channel(Channel.EMAIL), Notifications.email(committed, user)))).get();
            enricherLike.commitTransaction();

            statuses.readUntil(records -> !statusesOf(records, Set.of(committed)).isEmpty(), PATIENCE);

            assertThat(email.callsFor(committed)).isEqualTo(1);
            assertThat(email.callsFor(aborted)).isZero();
        }
    }

    private KafkaProducer<String, byte[]> transactionalProducer() {
        Map<String, Object> config = new HashMap<>(harness.stack().kafka().clientProperties());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, harness.id("enricher-like"));
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    private static String scrapeOverHttp(DeliveryApp app) throws Exception {
        URI metrics = URI.create("http://127.0.0.1:" + app.metricsPort().orElseThrow() + "/metrics");
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void shouldRetryOnEveryTierThenDeadLetterAsDead() {
        String id = harness.id("sms-flaky");
        ScriptedAdapter<SmsNotification> sms = new ScriptedAdapter<SmsNotification>("twilio", NotificationType.SMS, Duration.ofMillis(10))
                .script(id, new SendOutcome.Retryable("http:503"));
        try (DeliveryApp app = harness.start(Map.of(Channel.SMS, sms), Map.of());
             TopicReader<NotificationStatus> statuses = harness.statusReader();
             TopicReader<byte[]> dlq = harness.rawReader(Topics.channelDlq(Channel.SMS))) {
            harness.produce(Channel.SMS, harness.id("user"), Notifications.sms(id, harness.id("user")));

            List<NotificationStatus> steps = statusesOf(statuses.readUntil(
                    records -> statusesOf(records, Set.of(id)).size() >= 3, PATIENCE), Set.of(id));
            List<ConsumerRecord<String, byte[]>> letters = letterFor(dlq, id);

            assertThat(steps).extracting(NotificationStatus::getState, NotificationStatus::getAttempt)
                    .containsExactly(
                            tuple(DeliveryState.RETRYING, 1),
                            tuple(DeliveryState.RETRYING, 2),
                            tuple(DeliveryState.DEAD, 3));
            assertThat(steps.get(2).getReason()).isEqualTo("retries_exhausted:http:503");
            assertThat(sms.callsFor(id)).isEqualTo(3);
            List<Long> times = sms.callTimesFor(id);
            assertThat(times.get(1) - times.get(0)).isGreaterThanOrEqualTo(1_000);
            assertThat(times.get(2) - times.get(1)).isGreaterThanOrEqualTo(2_000);
            assertThat(letters).singleElement().satisfies(letter -> {
                assertThat(header(letter, DeadLetterHeaders.REASON)).contains("retries_exhausted:http:503");
                assertThat(header(letter, DeadLetterHeaders.ATTEMPT)).contains("3");
                assertThat(header(letter, DeadLetterHeaders.ORIGINAL_TOPIC)).contains(Topics.channel(Channel.SMS));
            });
        }
    }

    @Test
    void shouldRetryAfterHonouringRetryAfterHeader() {
        String id = harness.id("sms-throttled");
        ScriptedAdapter<SmsNotification> sms = new ScriptedAdapter<SmsNotification>("twilio", NotificationType.SMS, Duration.ofMillis(10))
                .script(id, new SendOutcome.Retryable("http:429", Optional.of(Duration.ofMillis(1_500))), new SendOutcome.Sent("SM1"));
        try (DeliveryApp app = harness.start(Map.of(Channel.SMS, sms), Map.of());
             TopicReader<NotificationStatus> statuses = harness.statusReader();
             TopicReader<byte[]> longTier = harness.rawReader("notify.sms.retry.2s")) {
            harness.produce(Channel.SMS, harness.id("user"), Notifications.sms(id, harness.id("user")));

            List<NotificationStatus> steps = statusesOf(statuses.readUntil(
                    records -> statusesOf(records, Set.of(id)).size() >= 2, PATIENCE), Set.of(id));

            assertThat(steps).extracting(NotificationStatus::getState).containsExactly(DeliveryState.RETRYING, DeliveryState.SENT);
            List<Long> times = sms.callTimesFor(id);
            assertThat(times.get(1) - times.get(0)).isGreaterThanOrEqualTo(1_500);
            assertThat(letterFor(longTier, id)).hasSize(1);
        }
    }

    @Test
    void shouldFailAnInvalidTokenOnceAndEmitDeviceFeedback() {
        String id = harness.id("ios-dead-token");
        String token = harness.id("token");
        ScriptedAdapter<IosPushNotification> ios = new ScriptedAdapter<IosPushNotification>("apns", NotificationType.IOS, Duration.ofMillis(10))
                .script(id, new SendOutcome.RecipientInvalid("apns:Unregistered"));
        try (DeliveryApp app = harness.start(Map.of(Channel.IOS, ios), Map.of());
             TopicReader<NotificationStatus> statuses = harness.statusReader();
             TopicReader<DeviceTokenInvalidated> feedback = new TopicReader<>(harness.stack().bootstrapServers(), Topics.DEVICE_FEEDBACK,
                     harness.serdes().specific(DeviceTokenInvalidated.class).deserializer())) {
            harness.produce(Channel.IOS, harness.id("user"), Notifications.ios(id, harness.id("user"), token));

            List<NotificationStatus> steps = statusesOf(statuses.readUntil(
                    records -> !statusesOf(records, Set.of(id)).isEmpty(), PATIENCE), Set.of(id));
            List<ConsumerRecord<String, DeviceTokenInvalidated>> invalidated = feedback.readUntil(
                    records -> records.stream().anyMatch(r -> token.equals(r.key())), PATIENCE).stream()
                    .filter(r -> token.equals(r.key())).toList();

            assertThat(steps).singleElement().satisfies(status -> {
                assertThat(status.getState()).isEqualTo(DeliveryState.FAILED);
                assertThat(status.getReason()).isEqualTo("invalid_recipient:apns:Unregistered");
            });
            assertThat(invalidated).singleElement().satisfies(record -> {
                assertThat(record.value().getDeviceToken()).isEqualTo(token);
                assertThat(record.value().getProvider()).isEqualTo("apns");
                assertThat(record.value().getNotificationId()).isEqualTo(id);
            });
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> ios.callsFor(id) == 1);
        }
    }

    @Test
    void shouldDeadLetterUndecodableRecordsAndKeepConsuming() {
        String good = harness.id("android-after-garbage");
        String garbageKey = harness.id("garbage");
        ScriptedAdapter<AndroidPushNotification> android = new ScriptedAdapter<>("fcm", NotificationType.ANDROID, Duration.ofMillis(10));
        try (DeliveryApp app = harness.start(Map.of(Channel.ANDROID, android), Map.of());
             TopicReader<NotificationStatus> statuses = harness.statusReader();
             TopicReader<byte[]> dlq = harness.rawReader(Topics.channelDlq(Channel.ANDROID))) {
            harness.send(Topics.channel(Channel.ANDROID), garbageKey, "not avro at all".getBytes(StandardCharsets.UTF_8));
            harness.produce(Channel.ANDROID, garbageKey, Notifications.android(good, garbageKey));

            List<NotificationStatus> steps = statusesOf(statuses.readUntil(
                    records -> !statusesOf(records, Set.of(good)).isEmpty(), PATIENCE), Set.of(good));
            List<ConsumerRecord<String, byte[]>> letters = dlq.readUntil(
                    records -> records.stream().anyMatch(r -> garbageKey.equals(r.key())), PATIENCE).stream()
                    .filter(r -> garbageKey.equals(r.key())).toList();

            assertThat(steps).extracting(NotificationStatus::getState).containsExactly(DeliveryState.SENT);
            assertThat(letters).singleElement().satisfies(letter -> {
                assertThat(header(letter, DeadLetterHeaders.REASON)).contains("undecodable");
                assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo("not avro at all");
            });
        }
    }

    @Test
    void shouldNeverResendASentNotificationAfterRestart() {
        Set<String> ids = ids("restart", 4);
        ScriptedAdapter<EmailNotification> before = new ScriptedAdapter<>("sendgrid", NotificationType.EMAIL, Duration.ofMillis(10));
        try (DeliveryApp app = harness.start(Map.of(Channel.EMAIL, before), Map.of());
             TopicReader<NotificationStatus> statuses = harness.statusReader()) {
            ids.forEach(id -> harness.produce(Channel.EMAIL, harness.id("user"), Notifications.email(id, harness.id("user"))));
            statuses.readUntil(records -> statusesOf(records, ids).size() >= ids.size(), PATIENCE);
        }
        assertThat(ids).allSatisfy(id -> assertThat(before.callsFor(id)).isEqualTo(1));

        // A restart that lost its committed offsets (new group) and a replay of the same records: both only meet the ledger.
        ids.forEach(id -> harness.produce(Channel.EMAIL, harness.id("user"), Notifications.email(id, harness.id("user"))));
        String marker = harness.id("restart-marker");
        harness.produce(Channel.EMAIL, harness.id("user"), Notifications.email(marker, harness.id("user")));
        ScriptedAdapter<EmailNotification> after = new ScriptedAdapter<>("sendgrid", NotificationType.EMAIL, Duration.ofMillis(10));
        try (DeliveryApp app = harness.start(Map.of(Channel.EMAIL, after), Map.of("delivery.group.prefix", harness.id("restarted")))) {
            await().atMost(PATIENCE).until(() -> after.callsFor(marker) == 1);

            assertThat(ids).allSatisfy(id -> assertThat(after.callsFor(id)).isZero());
            assertThat(app.meterRegistry().scrape()).contains("notify_delivery_skipped_already_sent_total");
        }
    }

    @Test
    void shouldResumeAfterTheCommittedOffsetsWhenRestartedInTheSameGroup() {
        Set<String> ids = ids("committed", 3);
        ScriptedAdapter<EmailNotification> before = new ScriptedAdapter<>("sendgrid", NotificationType.EMAIL, Duration.ofMillis(10));
        try (DeliveryApp app = harness.start(Map.of(Channel.EMAIL, before), Map.of())) {
            ids.forEach(id -> harness.produce(Channel.EMAIL, harness.id("user"), Notifications.email(id, harness.id("user"))));
            await().atMost(PATIENCE).until(() -> ids.stream().allMatch(id -> before.callsFor(id) == 1));
        }

        String marker = harness.id("committed-marker");
        harness.produce(Channel.EMAIL, harness.id("user"), Notifications.email(marker, harness.id("user")));
        ScriptedAdapter<EmailNotification> after = new ScriptedAdapter<>("sendgrid", NotificationType.EMAIL, Duration.ofMillis(10));
        try (DeliveryApp app = harness.start(Map.of(Channel.EMAIL, after), Map.of())) {
            await().atMost(PATIENCE).until(() -> after.callsFor(marker) == 1);

            // Older records of earlier tests may still follow: the first instance committed what it finished, not the topic's end.
            assertThat(ids).allSatisfy(id -> assertThat(after.callsFor(id)).isZero());
            assertThat(app.meterRegistry().scrape()).doesNotContain("notify_delivery_skipped_already_sent_total{");
        }
    }

    @Test
    void shouldSendEachNotificationOnceWhileASecondInstanceJoinsTheGroup() {
        Set<String> before = ids("rebalance-before", 30);
        Set<String> during = ids("rebalance-during", 30);
        ScriptedAdapter<EmailNotification> first = new ScriptedAdapter<>("sendgrid", NotificationType.EMAIL, Duration.ofMillis(30));
        ScriptedAdapter<EmailNotification> second = new ScriptedAdapter<>("sendgrid", NotificationType.EMAIL, Duration.ofMillis(30));
        try (DeliveryApp one = harness.start(Map.of(Channel.EMAIL, first), Map.of())) {
            produceEmails(before);
            try (DeliveryApp two = harness.start(Map.of(Channel.EMAIL, second), Map.of())) {
                await().atMost(PATIENCE).until(() -> assignedPartitions(two, Topics.channel(Channel.EMAIL)) > 0);
                produceEmails(during);
                Set<String> all = new LinkedHashSet<>(before);
                all.addAll(during);
                await().atMost(PATIENCE).until(() -> all.stream().allMatch(id -> first.callsFor(id) + second.callsFor(id) >= 1));
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                        .until(() -> all.stream().allMatch(id -> first.callsFor(id) + second.callsFor(id) == 1));

                assertThat(all).allSatisfy(id -> assertThat(first.callsFor(id) + second.callsFor(id)).isEqualTo(1));
                assertThat(during).anySatisfy(id -> assertThat(second.callsFor(id)).isEqualTo(1));
            }
        }
    }

    @Test
    void shouldNotResendWhatThePreviousOwnerSentWhenAPartitionMovesMidStream() {
        // One partition: the slow notification holds its commit back, so the fast ones after it are read again by the next owner.
        List<String> users = usersOnOnePartition(21);
        String slow = harness.id("moved-slow");
        List<String> fast = IntStream.range(0, 20).mapToObj(n -> harness.id("moved-fast-" + n)).toList();
        ScriptedAdapter<EmailNotification> first = new ScriptedAdapter<>("sendgrid", NotificationType.EMAIL, Duration.ofMillis(20))
                .delay(slow, Duration.ofMinutes(5));
        ScriptedAdapter<EmailNotification> second = new ScriptedAdapter<>("sendgrid", NotificationType.EMAIL, Duration.ofMillis(20));
        Map<String, String> settings = Map.of("delivery.drain.timeout", "PT0.5S", "delivery.commit.interval", "PT0.1S");
        DeliveryApp two;
        try (DeliveryApp one = harness.start(Map.of(Channel.EMAIL, first), settings)) {
            harness.produce(Channel.EMAIL, users.get(0), Notifications.email(slow, users.get(0)));
            for (int n = 0; n < fast.size(); n++) {
                harness.produce(Channel.EMAIL, users.get(n + 1), Notifications.email(fast.get(n), users.get(n + 1)));
            }
            await().atMost(PATIENCE).until(() -> fast.stream().allMatch(id -> first.callsFor(id) == 1));
            DeliveryApp joined = harness.start(Map.of(Channel.EMAIL, second), settings);
            two = joined;
            await().atMost(PATIENCE).until(() -> assignedPartitions(joined, Topics.channel(Channel.EMAIL)) > 0);
        }
        // The first instance left with the slow send abandoned: every partition, ours included, is the second's now.
        try (DeliveryApp app = two) {
            await().atMost(PATIENCE).until(() -> second.callsFor(slow) == 1);

            assertThat(fast).allSatisfy(id -> assertThat(second.callsFor(id)).as("resent by the new owner: %s", id).isZero());
            assertThat(app.meterRegistry().get("notify.delivery.skipped.already.sent").counter().count())
                    .isGreaterThanOrEqualTo(fast.size());
        }
    }

    @Test
    void shouldPauseOnlyTheChannelWhoseCircuitIsOpen() {
        String smsId = harness.id("sms-behind-open-circuit");
        String emailId = harness.id("email-beside-open-circuit");
        ScriptedAdapter<SmsNotification> sms = new ScriptedAdapter<>("twilio", NotificationType.SMS, Duration.ofMillis(10));
        ScriptedAdapter<EmailNotification> email = new ScriptedAdapter<>("sendgrid", NotificationType.EMAIL, Duration.ofMillis(10));
        SwitchableCircuit smsCircuit = new SwitchableCircuit(true);
        Map<Channel, ChannelProvider> providers = Map.of(
                Channel.SMS, new ChannelProvider(sms, smsCircuit),
                Channel.EMAIL, ChannelProvider.withoutCircuit(email));
        try (DeliveryApp app = DeliveryApp.start(harness.config(Map.of()), providers)) {
            harness.produce(Channel.SMS, harness.id("user"), Notifications.sms(smsId, harness.id("user")));
            harness.produce(Channel.EMAIL, harness.id("user"), Notifications.email(emailId, harness.id("user")));

            await().atMost(PATIENCE).until(() -> email.callsFor(emailId) == 1);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> sms.callsFor(smsId) == 0);
            assertThat(app.meterRegistry().scrape()).contains("notify_delivery_circuit_open{channel=\"sms\",provider=\"twilio\"} 1.0");

            smsCircuit.open.set(false);
            await().atMost(PATIENCE).until(() -> sms.callsFor(smsId) == 1);
        }
    }

    @Test
    void shouldBoundInFlightSendsAndKeepEachUsersOrder() {
        ScriptedAdapter<EmailNotification> email = new ScriptedAdapter<>("sendgrid", NotificationType.EMAIL, Duration.ofMillis(100));
        Map<String, List<String>> producedByUser = new HashMap<>();
        for (int n = 0; n < 3; n++) {
            for (int user = 0; user < 8; user++) {
                String userId = harness.id("order-user-" + user);
                String id = harness.id("order-" + user + "-" + n);
                producedByUser.computeIfAbsent(userId, key -> new ArrayList<>()).add(id);
                harness.produce(Channel.EMAIL, userId, Notifications.email(id, userId));
            }
        }
        Set<String> all = new LinkedHashSet<>();
        producedByUser.values().forEach(all::addAll);
        try (DeliveryApp app = harness.start(Map.of(Channel.EMAIL, email), Map.of("delivery.inflight.max", "4"))) {
            await().atMost(PATIENCE).until(() -> all.stream().allMatch(id -> email.callsFor(id) == 1));
        }

        assertThat(email.mostOpenAtOnce()).isBetween(2, 4);
        List<String> calls = email.calls();
        producedByUser.values().forEach(sequence ->
                assertThat(calls.stream().filter(sequence::contains).toList()).containsExactlyElementsOf(sequence));
    }

    private static double assignedPartitions(DeliveryApp app, String topic) {
        return app.meterRegistry().get("notify.delivery.assigned.partitions").tag("topic", topic).gauge().value();
    }

    private List<String> usersOnOnePartition(int count) {
        return IntStream.iterate(0, n -> n + 1)
                .mapToObj(n -> harness.id("moved-user-" + n))
                .filter(user -> UserPartition.of(user, Topics.USER_KEYED_PARTITIONS) == 0)
                .limit(count)
                .toList();
    }

    private void produceEmails(Set<String> ids) {
        int n = 0;
        for (String id : ids) {
            String userId = harness.id("user-" + (n++ % 12));
            harness.produce(Channel.EMAIL, userId, Notifications.email(id, userId));
        }
    }

    private Set<String> ids(String name, int count) {
        Set<String> ids = new LinkedHashSet<>();
        IntStream.range(0, count).forEach(n -> ids.add(harness.id(name + "-" + n)));
        return ids;
    }

    /** Retry and dead-letter copies of a notification, found by its id in the raw Avro bytes. */
    private static List<ConsumerRecord<String, byte[]>> letterFor(TopicReader<byte[]> reader, String id) {
        byte[] needle = id.getBytes(StandardCharsets.UTF_8);
        return reader.readUntil(records -> records.stream().anyMatch(r -> contains(r.value(), needle)), PATIENCE).stream()
                .filter(r -> contains(r.value(), needle)).toList();
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        if (haystack == null) {
            return false;
        }
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static Optional<String> header(ConsumerRecord<String, byte[]> record, String name) {
        return DeadLetterHeaders.read(record.headers(), name);
    }

    /** A circuit the test opens and closes by hand. */
    private static final class SwitchableCircuit implements ProviderCircuit {
        final AtomicBoolean open;

        SwitchableCircuit(boolean open) {
            this.open = new AtomicBoolean(open);
        }

        @Override
        public boolean isOpen() {
            return open.get();
        }

        @Override
        public void onStateChange(Runnable listener) {
            // Polled by the pipeline; nothing to notify.
        }
    }
}
