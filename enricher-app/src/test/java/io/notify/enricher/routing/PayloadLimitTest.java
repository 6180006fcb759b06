package io.notify.enricher.routing;

import static io.notify.enricher.support.EnricherHarness.ORDER_SHIPPED;
import static org.assertj.core.api.Assertions.assertThat;

import io.notify.enricher.support.Channels;
import io.notify.enricher.support.EnricherHarness;
import io.notify.events.shop.OrderShipped;
import io.notify.schemas.Channel;
import io.notify.schemas.DeliveryState;
import io.notify.schemas.NotificationStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PayloadLimitTest {

    private EnricherHarness enricher;

    /** Every channel renders the carrier as its whole text (and the email's HTML); the push title is short. */
    private void start(Map<String, String> config) {
        enricher = EnricherHarness.start(config);
        enricher.user("u-1", "ada@example.com", "+41446681800", "en");
        enricher.device(1, "u-1", "ios", "ios-token");
        enricher.device(2, "u-1", "android", "android-token");
        long id = 1;
        for (String channel : Channels.ALL) {
            enricher.template(id++, "order-shipped", ORDER_SHIPPED, channel, "en", "shipping",
                    "Order {{orderId}}", "{{carrier}}", "{{carrier}}");
        }
    }

    @AfterEach
    void stop() {
        enricher.close();
    }

    @Test
    void shouldSuppressAnEventNearTheBrokerLimitOnEveryChannelAndRouteTheNextOne() {
        start(Map.of());

        ship("e-big", "x".repeat(600_000));
        ship("e-next", "DHL");

        List<NotificationStatus> statuses = enricher.status.readValuesToList();
        assertThat(of(statuses, "e-big")).extracting(s -> s.getState() + " " + s.getReason())
                .containsOnly(DeliveryState.SUPPRESSED + " " + SuppressionReason.PAYLOAD_TOO_LARGE).hasSize(4);
        assertThat(of(statuses, "e-next")).as("routed: channel records, no status").isEmpty();
        assertThat(enricher.ios.readValuesToList()).hasSize(1);
        assertThat(enricher.android.readValuesToList()).hasSize(1);
        assertThat(enricher.sms.readValuesToList()).hasSize(1);
        assertThat(enricher.email.readValuesToList()).hasSize(1);
        assertThat(enricher.counter("notify.enricher.notifications.suppressed", "reason", SuppressionReason.PAYLOAD_TOO_LARGE))
                .isEqualTo(4.0);
    }

    @Test
    void shouldSendSmsUpToTwilios1600CharactersCountingEmojiTwice() {
        start(Map.of());

        ship("e-1600", "é".repeat(1600));
        ship("e-1601", "x".repeat(1601));
        ship("e-emoji", "\uD83D\uDCE6".repeat(801));

        List<NotificationStatus> statuses = enricher.status.readValuesToList();
        assertThat(reason(statuses, "e-1600", Channel.SMS)).isNull();
        assertThat(reason(statuses, "e-1601", Channel.SMS)).isEqualTo(SuppressionReason.PAYLOAD_TOO_LARGE);
        assertThat(reason(statuses, "e-emoji", Channel.SMS)).isEqualTo(SuppressionReason.PAYLOAD_TOO_LARGE);
    }

    @Test
    void shouldMeasurePushInBytesOfWhatTheProviderReceives() {
        start(Map.of());

        ship("e-ascii", "x".repeat(3500));
        ship("e-accents", "é".repeat(2100));

        List<NotificationStatus> statuses = enricher.status.readValuesToList();
        assertThat(reason(statuses, "e-ascii", Channel.IOS)).isNull();
        assertThat(reason(statuses, "e-ascii", Channel.ANDROID)).isNull();
        assertThat(reason(statuses, "e-accents", Channel.IOS)).isEqualTo(SuppressionReason.PAYLOAD_TOO_LARGE);
        assertThat(reason(statuses, "e-accents", Channel.ANDROID)).isEqualTo(SuppressionReason.PAYLOAD_TOO_LARGE);
    }

    @Test
    void shouldSuppressEmailOverTheConfiguredSizeOfSubjectTextAndHtml() {
        start(Map.of("enricher.email.max.bytes", "10000"));

        ship("e-fits", "x".repeat(4000));
        ship("e-over", "x".repeat(6000));

        List<NotificationStatus> statuses = enricher.status.readValuesToList();
        assertThat(reason(statuses, "e-fits", Channel.EMAIL)).isNull();
        assertThat(reason(statuses, "e-over", Channel.EMAIL)).isEqualTo(SuppressionReason.PAYLOAD_TOO_LARGE);
        assertThat(enricher.email.readValuesToList()).extracting(email -> email.getMeta().getSourceEventId().toString())
                .containsExactly("e-fits");
    }

    @Test
    void shouldKeepTheReasonOfAChannelAlreadySuppressed() {
        start(Map.of());
        enricher.setting(1, "u-1", "sms", "shipping", false);

        ship("e-1", "x".repeat(2000));

        assertThat(reason(enricher.status.readValuesToList(), "e-1", Channel.SMS)).isEqualTo(SuppressionReason.OPTED_OUT);
    }

    private void ship(String eventId, String carrier) {
        enricher.shopEvents.pipeInput("u-1", OrderShipped.newBuilder(EnricherHarness.orderShipped(eventId, "u-1"))
                .setCarrier(carrier).build());
    }

    private static List<NotificationStatus> of(List<NotificationStatus> statuses, String eventId) {
        return statuses.stream().filter(s -> s.getSourceEventId().toString().equals(eventId)).toList();
    }

    /** The suppression reason of the event on the channel; null when it was routed (a routed notification has no status). */
    private static String reason(List<NotificationStatus> statuses, String eventId, Channel channel) {
        return statuses.stream()
                .filter(s -> s.getSourceEventId().toString().equals(eventId) && s.getChannel() == channel)
                .map(s -> s.getReason().toString()).findFirst().orElse(null);
    }
}
