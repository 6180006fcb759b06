package io.notify.enricher.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import io.notify.enricher.support.Channels;
import io.notify.enricher.support.EnricherHarness;
import io.notify.schemas.Channel;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DedupeTest {

    private EnricherHarness enricher;

    @BeforeEach
    void start() {
        enricher = EnricherHarness.start(Map.of("enricher.dedupe.retention", "PT1H"));
        enricher.user("u-1", "ada@example.com", null, "en");
        Channels.orderShippedTemplates(enricher, 1, "en", "shipping");
    }

    @AfterEach
    void stop() {
        enricher.close();
    }

    @Test
    void shouldIgnoreTheSameEventIdWithinTheRetention() {
        enricher.ship("e-1", "u-1", EnricherHarness.START);
        enricher.ship("e-1", "u-1", EnricherHarness.START.plus(Duration.ofMinutes(30)));

        assertThat(enricher.email.readValuesToList()).hasSize(1);
        assertThat(enricher.ios.getQueueSize() + enricher.android.getQueueSize() + enricher.sms.getQueueSize()
                + enricher.status.getQueueSize()).as("one record or status per channel, of the first event only")
                .isEqualTo(Channel.values().length - 1);
        assertThat(enricher.meters.find("notify.enricher.events.duplicate").counter().count()).isEqualTo(1.0);
    }

    @Test
    void shouldTreatDifferentEventIdsAsDifferentEvents() {
        enricher.ship("e-1", "u-1");
        enricher.ship("e-2", "u-1");

        assertThat(enricher.email.readValuesToList()).hasSize(2);
    }

    @Test
    void shouldNotifyAgainOnceTheRetentionHasPassed() {
        enricher.ship("e-1", "u-1", EnricherHarness.START);
        // Another event moves stream time on, so the segment holding e-1 expires.
        enricher.ship("e-2", "u-1", EnricherHarness.START.plus(Duration.ofHours(3)));
        enricher.ship("e-1", "u-1", EnricherHarness.START.plus(Duration.ofHours(3)));

        assertThat(enricher.email.readValuesToList()).hasSize(3);
    }
}
