package io.notify.enricher.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.notify.enricher.routing.SuppressionReason;
import io.notify.enricher.support.Channels;
import io.notify.enricher.support.EnricherHarness;
import io.notify.schemas.Channel;
import io.notify.schemas.DeliveryState;
import io.notify.schemas.NotificationStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RateLimitTest {

    private static final Instant HOUR = Instant.parse("2026-11-26T10:00:00Z");

    private EnricherHarness enricher;

    private void start(String category, Map<String, String> config) {
        enricher = EnricherHarness.start(config);
        enricher.user("u-1", "ada@example.com", null, "en");
        Channels.orderShippedTemplates(enricher, 1, "en", category);
    }

    @AfterEach
    void stop() {
        enricher.close();
    }

    @Test
    void shouldSuppressNotificationsBeyondTheHourlyLimitOfTheCategory() {
        start("shipping", Map.of("enricher.rate.limit.category.shipping", "2"));

        for (int i = 1; i <= 3; i++) {
            enricher.ship("e-" + i, "u-1", HOUR.plus(Duration.ofMinutes(i)));
        }

        assertThat(enricher.email.readValuesToList()).hasSize(2);
        List<NotificationStatus> email = enricher.status.readValuesToList().stream()
                .filter(s -> s.getChannel() == Channel.EMAIL).toList();
        assertThat(email).singleElement().satisfies(status -> {
            assertThat(status.getSourceEventId()).hasToString("e-3");
            assertThat(status.getState()).isEqualTo(DeliveryState.SUPPRESSED);
            assertThat(status.getReason()).isEqualTo(SuppressionReason.RATE_LIMITED);
        });
    }

    @Test
    void shouldAllowMoreInTheNextHour() {
        start("shipping", Map.of("enricher.rate.limit.per.hour", "1"));

        enricher.ship("e-1", "u-1", HOUR.plus(Duration.ofMinutes(10)));
        enricher.ship("e-2", "u-1", HOUR.plus(Duration.ofMinutes(20)));
        enricher.ship("e-3", "u-1", HOUR.plus(Duration.ofMinutes(70)));

        assertThat(enricher.email.readValuesToList()).extracting(e -> e.getMeta().getSourceEventId()).containsExactly("e-1", "e-3");
    }

    @Test
    void shouldNotRateLimitTransactionalCategories() {
        start("password_reset", Map.of("enricher.rate.limit.per.hour", "1"));

        for (int i = 1; i <= 3; i++) {
            enricher.ship("e-" + i, "u-1", HOUR.plus(Duration.ofMinutes(i)));
        }

        assertThat(enricher.emailUrgent.readValuesToList()).as("transactional: the urgent lane").hasSize(3);
    }
}
