package io.notify.enricher.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.notify.enricher.routing.Dispatch;
import io.notify.enricher.support.EnricherHarness;
import io.notify.schemas.Channel;
import io.notify.schemas.Content;
import io.notify.schemas.DeliveryState;
import io.notify.schemas.NotificationRequested;
import io.notify.schemas.NotificationStatus;
import io.notify.schemas.Priority;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Quiet hours in the user's zone, on the test driver's wall clock (which starts at 10:00Z): advanced, never slept. */
class QuietHoursScheduleTest {

    private static final Instant T0 = EnricherHarness.START;

    private EnricherHarness enricher;

    private void start(Map<String, String> config) {
        enricher = EnricherHarness.start(config);
    }

    @AfterEach
    void stop() {
        enricher.close();
    }

    @Test
    void shouldHoldWhatArrivesInTheWindowUntilItEndsAndSendWhatArrivesOutsideIt() {
        start(Map.of());
        enricher.user("u-1", "ada@example.com", null, "en", "UTC", "22:00-07:00");
        request("r-day", "marketing", Priority.NORMAL);
        assertThat(enricher.email.readValuesToList()).as("10:00: outside the window").hasSize(1);

        enricher.advanceWallClock(Duration.ofHours(13));
        request("r-night", "marketing", Priority.NORMAL);

        NotificationStatus held = emailStatus();
        assertThat(held.getState()).isEqualTo(DeliveryState.HELD);
        assertThat(held.getReason()).isEqualTo(Dispatch.Hold.QUIET_HOURS);
        assertThat(held.getDueAt()).isEqualTo(Instant.parse("2026-11-27T07:00:00Z"));
        enricher.advanceWallClock(Duration.ofHours(8).minusSeconds(1));
        assertThat(enricher.email.isEmpty()).as("06:59:59").isTrue();
        enricher.advanceWallClock(Duration.ofSeconds(2));
        assertThat(enricher.email.readValuesToList()).extracting(n -> n.getMeta().getSourceEventId()).containsExactly("r-night");
    }

    @Test
    void shouldLetUrgentAndTransactionalNotificationsThrough() {
        start(Map.of());
        enricher.user("u-1", "ada@example.com", null, "en", "UTC", "09:00-17:00");
        request("r-code", "marketing", Priority.HIGH);
        request("r-reset", "password_reset", Priority.NORMAL);
        request("r-news", "marketing", Priority.NORMAL);

        assertThat(enricher.emailUrgent.readValuesToList()).extracting(n -> n.getMeta().getSourceEventId())
                .as("at once, on the urgent lane").containsExactly("r-code", "r-reset");
        assertThat(enricher.email.isEmpty()).isTrue();
        assertThat(emailStatus().getSourceEventId()).isEqualTo("r-news");
    }

    @Test
    void shouldReadTheWindowInTheUsersZoneAcrossAChangeOfTheClocks() {
        start(Map.of());
        enricher.user("u-1", "ada@example.com", null, "en", "Europe/Berlin", "22:00-07:00");
        // 2027-03-27 22:30 in Berlin (CET); that night the clocks go forward.
        enricher.advanceWallClock(Duration.between(T0, Instant.parse("2027-03-27T21:30:00Z")));
        request("r-1", "marketing", Priority.NORMAL);

        assertThat(emailStatus().getDueAt()).as("07:00 CEST").isEqualTo(Instant.parse("2027-03-28T05:00:00Z"));
        enricher.advanceWallClock(Duration.ofHours(7).plusMinutes(31));
        assertThat(enricher.email.readValuesToList()).hasSize(1);
    }

    @Test
    void shouldUseTheCategoryWindowForAUserWithoutOneAndTheFallbackZoneForAnUnknownZone() {
        start(Map.of("enricher.quiet.hours.category.marketing", "08:00-12:00", "enricher.quiet.hours.fallback.zone", "UTC"));
        enricher.user("u-1", "ada@example.com", null, "en", "Mars/Olympus_Mons", null);
        request("r-news", "marketing", Priority.NORMAL);
        request("r-shipping", "shipping", Priority.NORMAL);

        assertThat(emailStatus().getDueAt()).isEqualTo(Instant.parse("2026-11-26T12:00:00Z"));
        assertThat(enricher.email.readValuesToList()).extracting(n -> n.getMeta().getSourceEventId()).containsExactly("r-shipping");
    }

    @Test
    void shouldCountATimeToLiveFromWhenItWasAskedForNotFromTheEndOfTheWindow() {
        start(Map.of("enricher.expiry.category.marketing", "PT1H"));
        enricher.user("u-1", "ada@example.com", null, "en", "UTC", "09:00-17:00");
        request("r-flash-sale", "marketing", Priority.NORMAL);

        NotificationStatus status = emailStatus();
        assertThat(status.getState()).isEqualTo(DeliveryState.SUPPRESSED);
        assertThat(status.getReason()).isEqualTo("expired");
    }

    private void request(String eventId, String category, Priority priority) {
        enricher.requests.pipeInput(eventId, NotificationRequested.newBuilder()
                .setEventId(eventId)
                .setTo(List.of("u-1"))
                .setFrom("ops@example.com")
                .setSubject("Hello")
                .setContent(List.of(new Content("text/plain", "Hello.")))
                .setCategory(category)
                .setPriority(priority)
                .build(), T0);
    }

    private NotificationStatus emailStatus() {
        List<NotificationStatus> statuses = enricher.status.readValuesToList().stream()
                .filter(s -> s.getChannel() == Channel.EMAIL).toList();
        assertThat(statuses).hasSize(1);
        return statuses.get(0);
    }
}
