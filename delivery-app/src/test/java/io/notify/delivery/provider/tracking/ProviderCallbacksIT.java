package io.notify.delivery.provider.tracking;

import static io.notify.delivery.DeliveryHarness.PATIENCE;
import static io.notify.delivery.DeliveryHarness.statusesOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.notify.delivery.DeliveryApp;
import io.notify.delivery.DeliveryHarness;
import io.notify.delivery.Notifications;
import io.notify.delivery.TopicReader;
import io.notify.delivery.pipeline.ChannelProvider;
import io.notify.delivery.provider.ConfiguredProviders;
import io.notify.sandbox.twilio.TwilioSandbox;
import io.notify.schemas.Channel;
import io.notify.schemas.DeliveryState;
import io.notify.schemas.NotificationStatus;
import io.notify.stack.LocalStackExtension;
import io.notify.stack.StackEndpoints;
import io.notify.stack.process.Ports;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A provider's delivery callback, received by the delivery app's webhook and verified, ends as a
 * status on notify.status next to the SENT that preceded it.
 */
@ExtendWith(LocalStackExtension.class)
class ProviderCallbacksIT {

    private final DeliveryHarness harness;
    private final TwilioSandbox twilio = new TwilioSandbox().start();

    ProviderCallbacksIT(StackEndpoints stack) {
        this.harness = new DeliveryHarness(stack);
    }

    @AfterEach
    void close() {
        harness.close();
        twilio.close();
    }

    @Test
    void shouldRecordTwilioDeliveryCallbacksOnTheStatusTopic() throws Exception {
        int trackingPort = Ports.reserve(0, "the webhooks");
        String base = "http://127.0.0.1:" + trackingPort;
        var config = harness.config(Map.of(
                "delivery.channels", "sms",
                "twilio.endpoint", twilio.baseUrl(),
                "twilio.account.sid", twilio.accountSid(),
                "twilio.auth.token", twilio.authToken(),
                "twilio.from", "+15005550006",
                "twilio.status.callback.url", base + "/webhooks/twilio/status",
                "tracking.port", Integer.toString(trackingPort),
                "tracking.public.url", base));
        String id = harness.id("callback");
        String user = harness.id("callback-user");

        try (DeliveryApp app = DeliveryApp.start(config, ChannelProvider.allOf(ConfiguredProviders.fromConfig(config)));
             TopicReader<NotificationStatus> statuses = harness.statusReader()) {
            harness.produce(Channel.SMS, user, Notifications.sms(id, user));
            NotificationStatus sent = statusesOf(statuses.readUntil(
                    records -> !statusesOf(records, Set.of(id)).isEmpty(), PATIENCE), Set.of(id)).get(0);
            assertThat(sent.getState()).isEqualTo(DeliveryState.SENT);

            assertThat(twilio.postStatusCallback(sent.getProviderMessageId(), "delivered")).isBetween(200, 299);

            List<NotificationStatus> steps = statusesOf(statuses.readUntil(records -> statusesOf(records, Set.of(id)).stream()
                    .anyMatch(s -> s.getState() == DeliveryState.DELIVERED), PATIENCE), Set.of(id));
            assertThat(steps).extracting(NotificationStatus::getState).contains(DeliveryState.SENT, DeliveryState.DELIVERED);
            assertThat(steps).filteredOn(s -> s.getState() == DeliveryState.DELIVERED)
                    .allSatisfy(s -> assertThat(s.getUserId()).isEqualTo(user));
        }
    }
}
