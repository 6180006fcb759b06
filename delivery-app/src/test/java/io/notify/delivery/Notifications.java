package io.notify.delivery;

import io.notify.schemas.AndroidPushNotification;
import io.notify.schemas.EmailNotification;
import io.notify.schemas.IosPushNotification;
import io.notify.schemas.NotificationMeta;
import io.notify.schemas.Priority;
import io.notify.schemas.SmsNotification;
import java.time.Instant;
import java.util.Map;

/** Channel records for tests, with made-up recipients. */
public final class Notifications {

    private Notifications() {
    }

    public static NotificationMeta meta(String notificationId, String userId) {
        return NotificationMeta.newBuilder()
                .setNotificationId(notificationId)
                .setUserId(userId)
                .setCategory("shipping")
                .setPriority(Priority.NORMAL)
                .setLocale("en")
                .setCreatedAt(Instant.parse("2026-11-26T10:00:00Z"))
                .setSourceEventId("evt-" + notificationId)
                .setSourceEventType("io.notify.events.shop.OrderShipped")
                .build();
    }

    public static EmailNotification email(String notificationId, String userId) {
        return EmailNotification.newBuilder()
                .setMeta(meta(notificationId, userId))
                .setToAddress(userId + "@example.org")
                .setFromAddress("shop@example.org")
                .setSubject("Your order shipped")
                .setTextBody("It is on its way.")
                .build();
    }

    public static SmsNotification sms(String notificationId, String userId) {
        return SmsNotification.newBuilder()
                .setMeta(meta(notificationId, userId))
                .setPhoneNumber("+15005550006")
                .setBody("Your order shipped.")
                .build();
    }

    public static IosPushNotification ios(String notificationId, String userId, String deviceToken) {
        return IosPushNotification.newBuilder()
                .setMeta(meta(notificationId, userId))
                .setDeviceToken(deviceToken)
                .setTitle("Shipped")
                .setBody("Your order is on its way.")
                .setData(Map.of())
                .build();
    }

    public static AndroidPushNotification android(String notificationId, String userId) {
        return AndroidPushNotification.newBuilder()
                .setMeta(meta(notificationId, userId))
                .setRegistrationToken("fcm-token-" + notificationId)
                .setTitle("Shipped")
                .setBody("Your order is on its way.")
                .setData(Map.of())
                .build();
    }
}
