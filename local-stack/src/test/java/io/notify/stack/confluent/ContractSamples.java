package io.notify.stack.confluent;

import io.notify.contract.TopicSpec;
import io.notify.contract.Topics;
import io.notify.events.billing.InvoiceDue;
import io.notify.events.shop.OrderShipped;
import io.notify.schemas.AndroidPushNotification;
import io.notify.schemas.Channel;
import io.notify.schemas.Content;
import io.notify.schemas.DeliveryState;
import io.notify.schemas.DeviceTokenInvalidated;
import io.notify.schemas.EmailNotification;
import io.notify.schemas.IosPushNotification;
import io.notify.schemas.NotificationMeta;
import io.notify.schemas.NotificationRequested;
import io.notify.schemas.NotificationStatus;
import io.notify.schemas.Priority;
import io.notify.schemas.SmsNotification;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;

/** One value of each Avro topic of the contract, as the platform or a service would write it. */
final class ContractSamples {

    private static final Instant AT = Instant.ofEpochMilli(1_767_225_600_123L);

    private ContractSamples() {
    }

    /**
     * The contract's topics whose values are Avro: all but the CDC topics (JSON rows) and the
     * dead-letter topics (the failed record's bytes, whatever they were).
     */
    static Set<String> avroTopics() {
        return Topics.all().stream()
                .map(TopicSpec::name)
                .filter(name -> !name.startsWith(Topics.CDC_PREFIX + ".") && !name.endsWith(".dlq"))
                .collect(Collectors.toSet());
    }

    static Map<String, SpecificRecord> byTopic() {
        Map<String, SpecificRecord> samples = new HashMap<>(Map.of(
                Topics.EVENTS_SHOP, OrderShipped.newBuilder().setEventId("e-shop-1").setOccurredAt(AT).setUserId("u-1")
                        .setOrderId("o-1").setCarrier("DHL").setTrackingNumber("JD0146").setEstimatedDelivery("2026-01-03").build(),
                Topics.EVENTS_BILLING, InvoiceDue.newBuilder().setEventId("e-billing-1").setOccurredAt(AT).setUserId("u-1")
                        .setInvoiceId("i-1").setAmount("129.00").setCurrency("EUR").setDueDate("2026-02-01").build(),
                Topics.REQUESTS, NotificationRequested.newBuilder().setEventId("r-1").setTo(List.of("u-1", "u-2"))
                        .setFrom("shop@example.com").setSubject("Hello")
                        .setContent(List.of(Content.newBuilder().setType("text/plain").setValue("Hi").build()))
                        .setCategory("marketing").setPriority(Priority.HIGH).setTemplateId(null)
                        .setTemplateData(Map.of("name", "Ada")).setSendAt(AT).setTtlSeconds(900L).setCollapseKey("score")
                        .setCancellationKey("order-1").build(),
                Topics.STATUS, NotificationStatus.newBuilder().setNotificationId("n-email").setUserId("u-1").setChannel(Channel.EMAIL)
                        .setState(DeliveryState.HELD).setReason("quiet_hours").setProvider(null).setProviderMessageId(null)
                        .setAttempt(0).setOccurredAt(AT).setSourceEventId("e-shop-1")
                        .setSourceEventType(OrderShipped.getClassSchema().getFullName()).setDueAt(AT.plusSeconds(3600)).build(),
                Topics.DEVICE_FEEDBACK, DeviceTokenInvalidated.newBuilder().setDeviceToken("a1b2").setChannel(Channel.IOS)
                        .setUserId("u-1").setProvider("apns").setReason("Unregistered").setInvalidatedAt(AT)
                        .setNotificationId("n-ios").build()));
        for (boolean urgent : new boolean[] {false, true}) {
            String lane = urgent ? "-urgent" : "";
            samples.put(topic(Channel.IOS, urgent), IosPushNotification.newBuilder().setMeta(meta("n-ios" + lane, urgent))
                    .setDeviceToken("a1b2").setTitle("Shipped").setBody("o-1 is on its way").setData(Map.of("orderId", "o-1")).build());
            samples.put(topic(Channel.ANDROID, urgent), AndroidPushNotification.newBuilder().setMeta(meta("n-android" + lane, urgent))
                    .setRegistrationToken("fcm-1").setTitle("Shipped").setBody("o-1 is on its way").setData(Map.of()).build());
            samples.put(topic(Channel.SMS, urgent), SmsNotification.newBuilder().setMeta(meta("n-sms" + lane, urgent))
                    .setPhoneNumber("+14155550101").setBody("o-1 shipped").build());
            samples.put(topic(Channel.EMAIL, urgent), EmailNotification.newBuilder().setMeta(meta("n-email" + lane, urgent))
                    .setToAddress("ada@example.com").setFromAddress("shop@example.com").setSubject("Shipped")
                    .setTextBody("o-1 shipped").setHtmlBody("<p>o-1 shipped</p>").build());
        }
        return Map.copyOf(samples);
    }

    private static String topic(Channel channel, boolean urgent) {
        return urgent ? Topics.channelUrgent(channel) : Topics.channel(channel);
    }

    /** An urgent one (a one-time code, say) carries the time-aware fields too. */
    private static NotificationMeta meta(String notificationId, boolean urgent) {
        return NotificationMeta.newBuilder().setNotificationId(notificationId).setUserId("u-1")
                .setCategory(urgent ? "security" : "shipping").setPriority(urgent ? Priority.HIGH : Priority.NORMAL)
                .setLocale("en").setCreatedAt(AT).setSourceEventId("e-shop-1")
                .setSourceEventType(OrderShipped.getClassSchema().getFullName())
                .setSendAt(urgent ? AT : null).setExpiresAt(urgent ? AT.plusSeconds(900) : null)
                .setCollapseKey(urgent ? "code" : null).build();
    }
}
