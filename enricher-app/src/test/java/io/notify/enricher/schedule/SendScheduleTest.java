package io.notify.enricher.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.notify.enricher.query.NotificationQueries;
import io.notify.enricher.routing.Dispatch;
import io.notify.enricher.routing.RoutedReason;
import io.notify.enricher.routing.SuppressionReason;
import io.notify.enricher.status.StatusEntry;
import io.notify.enricher.support.DriverStores;
import io.notify.enricher.support.EnricherHarness;
import io.notify.schemas.Channel;
import io.notify.schemas.Content;
import io.notify.schemas.DeliveryState;
import io.notify.schemas.EmailNotification;
import io.notify.schemas.NotificationRequested;
import io.notify.schemas.NotificationStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Send-at, delay, expiry, cancellation and collapse, on the wall clock of the test driver: advanced, never slept. */
class SendScheduleTest {

    private static final Instant T0 = EnricherHarness.START;
    private static final String SCHEDULED = Dispatch.Hold.SCHEDULED;

    private EnricherHarness enricher;

    private void start(Map<String, String> config) {
        enricher = EnricherHarness.start(config);
        enricher.user("u-1", "ada@example.com", null, "en");
    }

    @AfterEach
    void stop() {
        enricher.close();
    }

    @Test
    void shouldHoldANotificationUntilItsSendAtAndSayWhenItIsDue() {
        start(Map.of());
        Instant sendAt = T0.plus(Duration.ofHours(2));
        request("r-1", r -> r.setSendAt(sendAt));

        NotificationStatus held = emailStatus();
        assertThat(held.getState()).isEqualTo(DeliveryState.HELD);
        assertThat(held.getReason()).isEqualTo(SCHEDULED);
        assertThat(held.getDueAt()).isEqualTo(sendAt);
        assertThat(enricher.email.isEmpty()).isTrue();

        enricher.advanceWallClock(Duration.ofHours(2).minusSeconds(1));
        assertThat(enricher.email.isEmpty()).as("a second early").isTrue();
        enricher.advanceWallClock(Duration.ofSeconds(2));

        TestRecord<String, EmailNotification> released = enricher.email.readRecord();
        assertThat(released.value().getMeta().getNotificationId()).isEqualTo(held.getNotificationId());
        assertThat(released.value().getMeta().getSendAt()).isEqualTo(sendAt);
        assertThat(RoutedReason.of(released.headers())).isEqualTo(RoutedReason.RELEASED);
        assertThat(logOf("u-1", sendAt.plusSeconds(5))).extracting(StatusEntry::state, StatusEntry::reason)
                .containsExactly(tuple("ROUTED", RoutedReason.RELEASED));
    }

    @Test
    void shouldShowAHeldNotificationAndItsDueTimeInTheUsersLog() {
        start(Map.of());
        Instant sendAt = T0.plus(Duration.ofMinutes(30));
        request("r-1", r -> r.setSendAt(sendAt));

        assertThat(logOf("u-1", T0.plusSeconds(1))).extracting(StatusEntry::channel, StatusEntry::state, StatusEntry::dueAt)
                .contains(tuple("EMAIL", "HELD", sendAt.toEpochMilli()));
    }

    @Test
    void shouldSendAtOnceAndSaySoWhenTheSendAtHasPassed() {
        start(Map.of());
        request("r-1", r -> r.setSendAt(T0.minus(Duration.ofHours(3))));

        TestRecord<String, EmailNotification> sent = enricher.email.readRecord();
        assertThat(RoutedReason.of(sent.headers())).isEqualTo(RoutedReason.SEND_AT_PASSED);
        assertThat(emailStatuses()).as("no HELD, no suppression: it went").isEmpty();
        assertThat(logOf("u-1", T0.plusSeconds(1))).extracting(StatusEntry::channel, StatusEntry::state, StatusEntry::reason)
                .contains(tuple("EMAIL", "ROUTED", RoutedReason.SEND_AT_PASSED));
    }

    @Test
    void shouldHoldADelayFromTheRequestsTime() {
        start(Map.of());
        request("r-1", r -> r.setDelaySeconds(90L));

        assertThat(emailStatus().getDueAt()).isEqualTo(T0.plusSeconds(90));
        enricher.advanceWallClock(Duration.ofSeconds(91));
        assertThat(enricher.email.readValuesToList()).hasSize(1);
    }

    @Test
    void shouldCancelAHeldNotificationByItsCancellationKey() {
        start(Map.of());
        request("r-shipped", r -> r.setSendAt(T0.plus(Duration.ofDays(1))).setCancellationKey("order-17"));
        request("r-other", r -> r.setSendAt(T0.plus(Duration.ofDays(1))).setCancellationKey("order-18"));
        String cancelled = emailStatuses().get(0).getNotificationId();

        request("r-cancelled", r -> r.setCancels("order-17").setContent(List.of()));

        NotificationStatus status = emailStatus();
        assertThat(status.getNotificationId()).isEqualTo(cancelled);
        assertThat(status.getState()).isEqualTo(DeliveryState.SUPPRESSED);
        assertThat(status.getReason()).isEqualTo(SuppressionReason.CANCELLED);
        assertThat(enricher.deadLetters.isEmpty()).as("a request that only cancels is no dead letter").isTrue();

        enricher.advanceWallClock(Duration.ofDays(1).plusMinutes(1));
        assertThat(enricher.email.readValuesToList()).extracting(n -> n.getMeta().getSourceEventId()).containsExactly("r-other");
    }

    @Test
    void shouldSuppressAtOnceWhatExpiresBeforeItIsDue() {
        start(Map.of());
        request("r-1", r -> r.setSendAt(T0.plus(Duration.ofHours(2))).setExpiresAt(T0.plus(Duration.ofHours(1))));

        NotificationStatus status = emailStatus();
        assertThat(status.getState()).isEqualTo(DeliveryState.SUPPRESSED);
        assertThat(status.getReason()).isEqualTo(SuppressionReason.EXPIRED);
        enricher.advanceWallClock(Duration.ofHours(3));
        assertThat(enricher.email.isEmpty()).isTrue();
    }

    @Test
    void shouldExpireAHeldNotificationReleasedAfterItsTimeToLive() {
        start(Map.of());
        request("r-1", r -> r.setSendAt(T0.plus(Duration.ofMinutes(10))).setTtlSeconds(60L));
        emailStatus();

        // The enricher was down, say, and comes back long after the notification was due.
        enricher.advanceWallClock(Duration.ofMinutes(30));

        NotificationStatus status = emailStatus();
        assertThat(status.getReason()).isEqualTo(SuppressionReason.EXPIRED);
        assertThat(enricher.email.isEmpty()).isTrue();
    }

    @Test
    void shouldCarryTheExpiryOnTheChannelRecordForTheDeliveryApp() {
        start(Map.of("enricher.expiry.category.service", "PT15M"));
        request("r-1", r -> r);

        EmailNotification sent = enricher.email.readValue();
        assertThat(sent.getMeta().getExpiresAt()).as("the category's time to live, from now").isEqualTo(T0.plus(Duration.ofMinutes(15)));
    }

    @Test
    void shouldReplaceAHeldNotificationByANewerOneWithTheSameCollapseKey() {
        start(Map.of());
        request("r-score-1", r -> r.setSendAt(T0.plus(Duration.ofMinutes(5))).setCollapseKey("score"));
        String older = emailStatus().getNotificationId();
        request("r-score-2", r -> r.setSendAt(T0.plus(Duration.ofMinutes(5))).setCollapseKey("score"));

        List<NotificationStatus> statuses = emailStatuses();
        assertThat(statuses).extracting(NotificationStatus::getNotificationId, NotificationStatus::getState, NotificationStatus::getReason)
                .containsExactly(tuple(older, DeliveryState.SUPPRESSED, SuppressionReason.COLLAPSED),
                        tuple(statuses.get(1).getNotificationId(), DeliveryState.HELD, SCHEDULED));
        enricher.advanceWallClock(Duration.ofMinutes(6));
        EmailNotification sent = enricher.email.readValue();
        assertThat(sent.getMeta().getSourceEventId()).isEqualTo("r-score-2");
        assertThat(sent.getMeta().getCollapseKey()).isEqualTo("score");
        assertThat(enricher.email.isEmpty()).isTrue();
    }

    @Test
    void shouldApplyTheOptOutInForceWhenAHeldNotificationIsReleased() {
        start(Map.of());
        request("r-1", r -> r.setSendAt(T0.plus(Duration.ofHours(1))));
        emailStatus();

        enricher.setting(1, "u-1", "email", "service", false);
        enricher.advanceWallClock(Duration.ofHours(2));

        assertThat(emailStatus().getReason()).isEqualTo(SuppressionReason.OPTED_OUT);
        assertThat(enricher.email.isEmpty()).isTrue();
    }

    @Test
    void shouldReleaseAUsersNotificationsInTheOrderTheyAreDue() {
        start(Map.of());
        request("r-late", r -> r.setSendAt(T0.plus(Duration.ofMinutes(20))));
        request("r-early", r -> r.setSendAt(T0.plus(Duration.ofMinutes(10))));
        request("r-now", r -> r);

        enricher.advanceWallClock(Duration.ofHours(1));

        assertThat(enricher.email.readValuesToList()).extracting(n -> n.getMeta().getSourceEventId())
                .containsExactly("r-now", "r-early", "r-late");
    }

    @Test
    void shouldRefuseToHoldBeyondTheUsersBoundOrTheMaximumDelay() {
        start(Map.of("enricher.schedule.held.per.user.max", "2", "enricher.schedule.max.delay", "P7D"));
        request("r-1", r -> r.setSendAt(T0.plus(Duration.ofHours(1))));
        request("r-2", r -> r.setSendAt(T0.plus(Duration.ofHours(1))));
        request("r-3", r -> r.setSendAt(T0.plus(Duration.ofHours(1))));
        request("r-far", r -> r.setSendAt(T0.plus(Duration.ofDays(8))));

        assertThat(emailStatuses()).extracting(NotificationStatus::getSourceEventId, NotificationStatus::getReason)
                .containsExactly(tuple("r-1", SCHEDULED), tuple("r-2", SCHEDULED),
                        tuple("r-3", SuppressionReason.SCHEDULE_FULL), tuple("r-far", SuppressionReason.SEND_AT_TOO_FAR));
    }

    @Test
    void shouldNeitherSendAtOnceNorExpireWhenADelayOrTimeToLiveIsTooLargeToAdd() {
        start(Map.of());
        request("r-forever", r -> r.setDelaySeconds(Long.MAX_VALUE));
        request("r-immortal", r -> r.setTtlSeconds(Long.MAX_VALUE));

        assertThat(emailStatuses()).extracting(NotificationStatus::getSourceEventId, NotificationStatus::getReason)
                .containsExactly(tuple("r-forever", SuppressionReason.SEND_AT_TOO_FAR));
        assertThat(enricher.email.readValuesToList()).extracting(n -> n.getMeta().getSourceEventId()).containsExactly("r-immortal");
    }

    private void request(String eventId, UnaryOperator<NotificationRequested.Builder> terms) {
        NotificationRequested.Builder request = NotificationRequested.newBuilder()
                .setEventId(eventId)
                .setTo(List.of("u-1"))
                .setFrom("ops@example.com")
                .setSubject("Your order")
                .setContent(List.of(new Content("text/plain", "It is on its way.")))
                .setCategory("service");
        enricher.requests.pipeInput(eventId, terms.apply(request).build(), T0);
    }

    /** The email channel's statuses so far (the other channels of a verbatim request have no address: no_address). */
    private List<NotificationStatus> emailStatuses() {
        return enricher.status.readValuesToList().stream().filter(s -> s.getChannel() == Channel.EMAIL).toList();
    }

    private NotificationStatus emailStatus() {
        List<NotificationStatus> statuses = emailStatuses();
        assertThat(statuses).hasSize(1);
        return statuses.get(0);
    }

    private List<StatusEntry> logOf(String userId, Instant at) {
        NotificationQueries queries = new NotificationQueries(new DriverStores(enricher.driver),
                Clock.fixed(at, ZoneOffset.UTC), Duration.ofDays(7), 50);
        return queries.notificationsOf(userId).orElse(List.of()).stream().filter(e -> e.channel().equals("EMAIL")).toList();
    }
}
