package io.notify.enricher.recipients;

import static io.notify.enricher.support.Statuses.onChannel;
import static org.assertj.core.api.Assertions.assertThat;

import io.notify.enricher.deadletter.DeadLetterReason;
import io.notify.enricher.routing.SuppressionReason;
import io.notify.enricher.support.Channels;
import io.notify.enricher.support.EnricherHarness;
import io.notify.runtime.deadletter.DeadLetterHeaders;
import io.notify.schemas.Channel;
import io.notify.schemas.DeliveryState;
import io.notify.schemas.IosPushNotification;
import io.notify.schemas.NotificationStatus;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RecipientsTest {

    private EnricherHarness enricher;

    @BeforeEach
    void start() {
        enricher = EnricherHarness.start();
        enricher.user("u-1", "ada@example.com", "+41446681800", "en");
        enricher.user("u-2", "grace@example.com", "+41446681800", "en");
        Channels.orderShippedTemplates(enricher, 1, "en", "shipping");
    }

    @AfterEach
    void stop() {
        enricher.close();
    }

    @Test
    void shouldStopTargetingADeletedDevice() {
        enricher.device(1, "u-1", "ios", "token-1");
        enricher.device(2, "u-1", "ios", "token-2");
        enricher.deleteDevice(1);

        enricher.ship("e-1", "u-1");

        assertThat(enricher.ios.readValuesToList()).extracting(IosPushNotification::getDeviceToken).containsExactly("token-2");
    }

    @Test
    void shouldTargetAMovedDeviceOnlyForItsNewUser() {
        enricher.device(1, "u-1", "ios", "token-1");
        enricher.device(1, "u-2", "ios", "token-1");

        enricher.ship("e-1", "u-1");
        enricher.ship("e-2", "u-2");

        assertThat(enricher.ios.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("u-2");
    }

    @Test
    void shouldNotTargetADeviceWhoseTokenWasInvalidated() {
        enricher.device(1, "u-1", "android", "token-1", "2026-11-25T10:00:00.000000Z");
        enricher.device(2, "u-1", "android", "token-2");

        enricher.ship("e-1", "u-1");

        assertThat(enricher.android.readValuesToList()).extracting(a -> a.getRegistrationToken()).containsExactly("token-2");
    }

    @Test
    void shouldDeadLetterAnEventForAUserThatWasDeleted() {
        enricher.deleteUser("u-1");

        enricher.ship("e-1", "u-1");
        enricher.waitOutContactData();

        assertThat(enricher.email.isEmpty()).isTrue();
        assertThat(DeadLetterHeaders.read(enricher.deadLetters.readRecord().headers(), DeadLetterHeaders.REASON))
                .contains(DeadLetterReason.UNKNOWN_USER);
    }

    @Test
    void shouldNotifyAReplayedUnknownUserEventOnceTheUserExists() {
        enricher.ship("e-1", "u-3");
        enricher.waitOutContactData();
        enricher.user("u-3", "new@example.com", null, "en");

        enricher.ship("e-1", "u-3");

        assertThat(enricher.deadLetters.readRecordsToList()).hasSize(1);
        assertThat(enricher.email.readValuesToList()).hasSize(1);
    }

    @Test
    void shouldSuppressOnlyTheChannelWithAnInvalidPhoneNumber() {
        enricher.user("u-1", "ada@example.com", "0446681800", "en");

        enricher.ship("e-1", "u-1");

        assertThat(enricher.sms.isEmpty()).isTrue();
        assertThat(enricher.email.readValuesToList()).hasSize(1);
        NotificationStatus sms = onChannel(enricher.status.readValuesToList(), Channel.SMS);
        assertThat(sms.getState()).isEqualTo(DeliveryState.SUPPRESSED);
        assertThat(sms.getReason()).isEqualTo(SuppressionReason.INVALID_RECIPIENT);
    }

    @Test
    void shouldSuppressOnlyTheChannelWithAnInvalidEmailAddress() {
        enricher.user("u-1", "ada at example.com", "+41446681800", "en");

        enricher.ship("e-1", "u-1");

        assertThat(enricher.email.isEmpty()).isTrue();
        assertThat(enricher.sms.readValuesToList()).hasSize(1);
        assertThat(onChannel(enricher.status.readValuesToList(), Channel.EMAIL).getReason())
                .isEqualTo(SuppressionReason.INVALID_RECIPIENT);
    }
}
