package io.notify.enricher.recipients;

import static org.assertj.core.api.Assertions.assertThat;

import io.notify.enricher.deadletter.DeadLetterReason;
import io.notify.enricher.support.Channels;
import io.notify.enricher.support.EnricherHarness;
import io.notify.runtime.deadletter.DeadLetterHeaders;
import io.notify.schemas.EmailNotification;
import io.notify.schemas.NotificationMeta;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Events that outrun their user's contact data wait for it, in order, for a bounded time. */
class ContactDataHoldTest {

    private EnricherHarness enricher;

    private void start(Map<String, String> config) {
        enricher = EnricherHarness.start(config);
        Channels.orderShippedTemplates(enricher, 1, "en", "shipping");
    }

    @AfterEach
    void stop() {
        enricher.close();
    }

    @Test
    void shouldNotifyAUserWhoseRowArrivesAfterTheEvent() {
        start(Map.of());
        enricher.ship("e-1", "u-new");
        enricher.ship("e-2", "u-new");
        assertThat(enricher.status.isEmpty()).as("nothing decided while the user is unknown").isTrue();

        enricher.user("u-new", "new@example.com", null, "en");

        assertThat(enricher.email.readValuesToList()).extracting(EmailNotification::getMeta)
                .extracting(NotificationMeta::getSourceEventId).containsExactly("e-1", "e-2");
        enricher.waitOutContactData();
        assertThat(enricher.deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldDeadLetterAHeldEventAsUnknownUserOnceTheWaitIsOver() {
        start(Map.of("enricher.contact.wait", "PT2M"));
        enricher.ship("e-1", "u-never");

        enricher.advanceWallClock(Duration.ofSeconds(110));
        assertThat(enricher.deadLetters.isEmpty()).as("still waiting").isTrue();
        enricher.advanceWallClock(Duration.ofSeconds(15));

        assertThat(DeadLetterHeaders.read(enricher.deadLetters.readRecord().headers(), DeadLetterHeaders.REASON))
                .contains(DeadLetterReason.UNKNOWN_USER);
        enricher.user("u-never", "late@example.com", null, "en");
        assertThat(enricher.email.isEmpty()).as("given up is given up: the dead letter is what replays it").isTrue();
    }

    @Test
    void shouldWaitForTheDevicesOfAFirstSeenUserBeforeRouting() {
        start(Map.of("enricher.contact.settle", "PT1S"));
        enricher.user("u-new", "new@example.com", null, "en");
        enricher.ship("e-1", "u-new");
        // The device of the same transaction comes through the repartition topic, a little later.
        enricher.device(7, "u-new", "ios", "token-7");
        assertThat(enricher.email.isEmpty()).as("held while the user settles").isTrue();

        enricher.advanceWallClock(Duration.ofSeconds(2));

        assertThat(enricher.ios.readValuesToList()).extracting(n -> n.getDeviceToken()).containsExactly("token-7");
        assertThat(enricher.email.readValuesToList()).hasSize(1);
        enricher.ship("e-2", "u-new");
        assertThat(enricher.email.readValuesToList()).as("a settled user is routed at once").hasSize(1);
    }

    @Test
    void shouldDecideAtOnceWhenTheHoldIsFull() {
        start(Map.of("enricher.contact.held.max", "2"));
        enricher.ship("e-1", "u-a");
        enricher.ship("e-2", "u-b");
        enricher.ship("e-3", "u-c");

        assertThat(DeadLetterHeaders.read(enricher.deadLetters.readRecord().headers(), DeadLetterHeaders.ORIGINAL_OFFSET))
                .as("the third event, refused by the full hold").contains("2");
        enricher.user("u-a", "a@example.com", null, "en");
        assertThat(enricher.email.readValuesToList()).hasSize(1);
    }
}
