package io.notify.delivery.provider;

import io.notify.schemas.AndroidPushNotification;
import io.notify.schemas.EmailNotification;
import io.notify.schemas.IosPushNotification;
import io.notify.schemas.NotificationMeta;
import io.notify.schemas.Priority;
import io.notify.schemas.SmsNotification;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Channel notifications as the enricher renders them, with fresh ids per call. */
public final class SampleNotifications {

    private SampleNotifications() {}

    public static NotificationMeta meta() {
        return NotificationMeta.newBuilder()
                .setNotificationId(UUID.randomUUID().toString())
                .setUserId("u-" + ThreadLocalRandom.current().nextInt(1_000_000))
                .setCategory("shipping")
                .setPriority(Priority.HIGH)
                .setLocale("en")
                .setCreatedAt(Instant.now())
                .setSourceEventId(UUID.randomUUID().toString())
                .setSourceEventType("io.notify.events.shop.OrderShipped")
                .build();
    }

    /** A random 64-hex-digit APNs device token. */
    public static String deviceToken() {
        return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
    }

    public static IosPushNotification ios(String deviceToken) {
        return IosPushNotification.newBuilder()
                .setMeta(meta())
                .setDeviceToken(deviceToken)
                .setTitle("Your order shipped")
                .setBody("Parcel 42 is on its way")
                .setData(Map.of("orderId", "42"))
                .build();
    }

    public static AndroidPushNotification android(String registrationToken) {
        return AndroidPushNotification.newBuilder()
                .setMeta(meta())
                .setRegistrationToken(registrationToken)
                .setTitle("Your order shipped")
                .setBody("Parcel 42 is on its way")
                .setData(Map.of("orderId", "42"))
                .build();
    }

    public static SmsNotification sms(String phoneNumber) {
        return SmsNotification.newBuilder()
                .setMeta(meta())
                .setPhoneNumber(phoneNumber)
                .setBody("Your order 42 shipped")
                .build();
    }

    /** A random E.164 number in the +1 555 range. */
    public static String phoneNumber() {
        return "+1555" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
    }

    public static EmailNotification email(String toAddress) {
        return EmailNotification.newBuilder()
                .setMeta(meta())
                .setToAddress(toAddress)
                .setFromAddress("shop@notify.example")
                .setSubject("Your order shipped")
                .setTextBody("Parcel 42 is on its way")
                .setHtmlBody("<p>Parcel 42 is on its way</p>")
                .build();
    }

    /** A random address at a reserved example domain. */
    public static String emailAddress() {
        return "user-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }
}
