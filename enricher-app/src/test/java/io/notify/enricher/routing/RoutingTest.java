package io.notify.enricher.routing;

import static io.notify.enricher.support.EnricherHarness.ORDER_SHIPPED;
import static io.notify.enricher.support.Statuses.onChannel;
import static org.assertj.core.api.Assertions.assertThat;

import io.notify.enricher.TopologyNames;
import io.notify.enricher.status.NotificationHistory;
import io.notify.enricher.status.NotificationLogWriter;
import io.notify.enricher.support.EnricherHarness;
import io.notify.schemas.Channel;
import io.notify.schemas.DeliveryState;
import io.notify.schemas.EmailNotification;
import io.notify.schemas.IosPushNotification;
import io.notify.schemas.NotificationStatus;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RoutingTest {

    private EnricherHarness enricher;

    @BeforeEach
    void start() {
        enricher = EnricherHarness.start();
        enricher.user("u-1", "ada@example.com", "+41446681800", "en");
        for (String channel : List.of("ios", "android", "sms", "email")) {
            enricher.template(channel.hashCode(), "order-shipped", ORDER_SHIPPED, channel, "en", "shipping",
                    "Order {{orderId}} shipped", "Your order {{orderId}} is on its way with {{carrier}}.",
                    "<p>Your order {{orderId}} is on its way</p>");
        }
    }

    @AfterEach
    void stop() {
        enricher.close();
    }

    @Test
    void shouldSendOnePushPerDeviceOfEachPlatform() {
        enricher.device(1, "u-1", "ios", "ios-token-1");
        enricher.device(2, "u-1", "ios", "ios-token-2");
        enricher.device(3, "u-1", "android", "fcm-token-1");

        enricher.ship("e-1", "u-1");

        List<KeyValue<String, IosPushNotification>> ios = enricher.ios.readKeyValuesToList();
        assertThat(ios).extracting(kv -> kv.key).containsOnly("u-1");
        assertThat(ios).extracting(kv -> kv.value.getDeviceToken()).containsExactly("ios-token-1", "ios-token-2");
        assertThat(ios.get(0).value.getTitle()).isEqualTo("Order o-42 shipped");
        assertThat(enricher.android.readValuesToList()).extracting(a -> a.getRegistrationToken()).containsExactly("fcm-token-1");
        assertThat(enricher.sms.readValuesToList()).hasSize(1);
        assertThat(enricher.email.readValuesToList()).hasSize(1);
    }

    @Test
    void shouldWriteNoStatusForARoutedNotificationAndLogTheChannelRecordAsRouted() {
        enricher.device(1, "u-1", "ios", "ios-token-1");
        enricher.device(2, "u-1", "android", "fcm-token-1");

        enricher.ship("e-1", "u-1");

        IosPushNotification push = enricher.ios.readValue();
        assertThat(enricher.status.readKeyValuesToList()).as("the channel record is the ROUTED status").isEmpty();
        NotificationHistory logged = NotificationLogWriter.find(enricher.driver.getWindowStore(TopologyNames.NOTIFICATION_LOG_STORE),
                push.getMeta().getNotificationId(), EnricherHarness.START.toEpochMilli(), Duration.ofDays(7).toMillis());
        assertThat(logged.statuses()).singleElement().satisfies(entry -> {
            assertThat(entry.state()).isEqualTo(DeliveryState.ROUTED.name());
            assertThat(entry.userId()).isEqualTo("u-1");
            assertThat(entry.channel()).isEqualTo("IOS");
            assertThat(entry.sourceEventId()).isEqualTo("e-1");
        });
    }

    @Test
    void shouldGiveTheSameNotificationIdToTheSameEventUserChannelAndAddress() {
        enricher.ship("e-1", "u-1");
        EmailNotification first = enricher.email.readValue();
        try (EnricherHarness other = EnricherHarness.start()) {
            other.user("u-1", "ada@example.com", "+41446681800", "en");
            other.template(1, "order-shipped", ORDER_SHIPPED, "email", "en", "shipping", "s", "b", null);
            other.ship("e-1", "u-1");
            assertThat(other.email.readValue().getMeta().getNotificationId()).isEqualTo(first.getMeta().getNotificationId());
        }
        assertThat(first.getMeta().getNotificationId())
                .isEqualTo(NotificationIds.of("e-1", "u-1", Channel.EMAIL, "ada@example.com"))
                .isNotEqualTo(NotificationIds.of("e-2", "u-1", Channel.EMAIL, "ada@example.com"));
    }

    @Test
    void shouldSendNothingOnPushToAUserWithoutDevices() {
        enricher.ship("e-1", "u-1");

        assertThat(enricher.ios.isEmpty()).isTrue();
        assertThat(enricher.android.isEmpty()).isTrue();
        assertThat(enricher.email.readValuesToList()).hasSize(1);
    }

    @Test
    void shouldSuppressEveryChannelOfAUserWithoutAnyAddressAsNoAddress() {
        enricher.user("u-2", null, null, "en");

        enricher.ship("e-1", "u-2");

        List<NotificationStatus> statuses = enricher.status.readValuesToList();
        assertThat(statuses).extracting(NotificationStatus::getChannel).containsExactlyInAnyOrder(Channel.values());
        assertThat(statuses).allSatisfy(s -> {
            assertThat(s.getState()).isEqualTo(DeliveryState.SUPPRESSED);
            assertThat(s.getReason()).isEqualTo(SuppressionReason.NO_ADDRESS);
        });
        assertThat(enricher.deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldSuppressAChannelWithAnAddressButNoTemplateAsNoTemplate() {
        enricher.deleteTemplate("sms".hashCode());

        enricher.ship("e-1", "u-1");

        assertThat(enricher.sms.isEmpty()).isTrue();
        NotificationStatus sms = onChannel(enricher.status.readValuesToList(), Channel.SMS);
        assertThat(sms.getState()).isEqualTo(DeliveryState.SUPPRESSED);
        assertThat(sms.getReason()).isEqualTo(SuppressionReason.NO_TEMPLATE);
    }

    @Test
    void shouldCarryEventIdentityAndCategoryInTheMeta() {
        enricher.ship("e-1", "u-1");

        EmailNotification email = enricher.email.readValue();
        assertThat(email.getMeta().getSourceEventType()).isEqualTo(ORDER_SHIPPED);
        assertThat(email.getMeta().getCategory()).isEqualTo("shipping");
        assertThat(email.getMeta().getUserId()).isEqualTo("u-1");
        assertThat(email.getFromAddress()).isEqualTo(enricher.settings.defaultFromAddress());
    }
}
