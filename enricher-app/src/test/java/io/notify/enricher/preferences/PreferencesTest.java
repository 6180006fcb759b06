package io.notify.enricher.preferences;

import static org.assertj.core.api.Assertions.assertThat;

import io.notify.enricher.routing.SuppressionReason;
import io.notify.enricher.support.Channels;
import io.notify.enricher.support.EnricherHarness;
import io.notify.schemas.Channel;
import io.notify.schemas.DeliveryState;
import io.notify.schemas.NotificationStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PreferencesTest {

    private EnricherHarness enricher;

    private void start(Map<String, String> config, String category) {
        enricher = EnricherHarness.start(config);
        enricher.user("u-1", "ada@example.com", "+41446681800", "en");
        Channels.orderShippedTemplates(enricher, 1, "en", category);
    }

    @AfterEach
    void stop() {
        enricher.close();
    }

    @Test
    void shouldSuppressWhenUserOptedOutOfSms() {
        start(Map.of(), "shipping");
        enricher.setting(1, "u-1", "sms", "shipping", false);

        enricher.ship("e-1", "u-1");

        assertThat(enricher.sms.isEmpty()).isTrue();
        assertThat(enricher.email.readValuesToList()).hasSize(1);
        NotificationStatus suppressed = only(enricher.status.readValuesToList(), Channel.SMS);
        assertThat(suppressed.getState()).isEqualTo(DeliveryState.SUPPRESSED);
        assertThat(suppressed.getReason()).isEqualTo(SuppressionReason.OPTED_OUT);
    }

    @Test
    void shouldCountRoutedNotificationsPerChannelAndSuppressedOnesPerReason() {
        start(Map.of(), "shipping");
        enricher.setting(1, "u-1", "sms", "shipping", false);

        enricher.ship("e-1", "u-1");

        assertThat(enricher.counter("notify.enricher.notifications.out", "channel", "email")).isEqualTo(1.0);
        assertThat(enricher.counter("notify.enricher.notifications.out", "channel", "sms")).isZero();
        assertThat(enricher.counter("notify.enricher.notifications.suppressed", "reason", SuppressionReason.OPTED_OUT)).isEqualTo(1.0);
        assertThat(enricher.counter("notify.enricher.events.in", "source", "events")).isEqualTo(1.0);
    }

    @Test
    void shouldOnlyApplyAnOptOutToItsOwnCategory() {
        start(Map.of(), "shipping");
        enricher.setting(1, "u-1", "sms", "marketing", false);

        enricher.ship("e-1", "u-1");

        assertThat(enricher.sms.readValuesToList()).hasSize(1);
    }

    @Test
    void shouldSendAgainAfterTheUserOptsBackIn() {
        start(Map.of(), "shipping");
        enricher.setting(1, "u-1", "sms", "shipping", false);
        enricher.ship("e-1", "u-1");
        enricher.setting(1, "u-1", "sms", "shipping", true);

        enricher.ship("e-2", "u-1");

        assertThat(enricher.sms.readValuesToList()).hasSize(1);
    }

    @Test
    void shouldUseTheConfiguredDefaultWhenTheUserHasNoSetting() {
        start(Map.of("enricher.default.opt.in", "false"), "shipping");
        enricher.setting(1, "u-1", "email", "shipping", true);

        enricher.ship("e-1", "u-1");

        assertThat(enricher.email.readValuesToList()).hasSize(1);
        assertThat(enricher.sms.isEmpty()).isTrue();
        assertThat(only(enricher.status.readValuesToList(), Channel.SMS).getReason()).isEqualTo(SuppressionReason.OPTED_OUT);
    }

    @Test
    void shouldSendTransactionalCategoriesEvenToUsersWhoOptedOut() {
        start(Map.of(), "security");
        enricher.setting(1, "u-1", "sms", "security", false);
        enricher.setting(2, "u-1", "email", "security", false);

        enricher.ship("e-1", "u-1");

        assertThat(enricher.smsUrgent.readValuesToList()).hasSize(1);
        assertThat(enricher.emailUrgent.readValuesToList()).hasSize(1);
    }

    private static NotificationStatus only(List<NotificationStatus> statuses, Channel channel) {
        List<NotificationStatus> onChannel = statuses.stream().filter(s -> s.getChannel() == channel).toList();
        assertThat(onChannel).hasSize(1);
        return onChannel.get(0);
    }
}
