package io.notify.enricher.routing;

import io.notify.enricher.intake.IncomingEvent;
import io.notify.schemas.AndroidPushNotification;
import io.notify.schemas.EmailNotification;
import io.notify.schemas.IosPushNotification;
import io.notify.schemas.NotificationMeta;
import io.notify.schemas.Priority;
import io.notify.schemas.SmsNotification;
import java.time.Instant;
import java.util.Map;

/** Builds the contract record of each channel topic from a routed dispatch. */
public final class ChannelMessages {

    private final String defaultFromAddress;

    public ChannelMessages(String defaultFromAddress) {
        this.defaultFromAddress = defaultFromAddress;
    }

    public IosPushNotification ios(Dispatch dispatch) {
        ChannelPlan plan = dispatch.plan();
        return IosPushNotification.newBuilder()
                .setMeta(meta(dispatch))
                .setDeviceToken(dispatch.target().address())
                .setTitle(nullToEmpty(plan.message().subject()))
                .setBody(nullToEmpty(plan.message().text()))
                .setData(pushData(dispatch.notificationId(), plan))
                .build();
    }

    public AndroidPushNotification android(Dispatch dispatch) {
        ChannelPlan plan = dispatch.plan();
        return AndroidPushNotification.newBuilder()
                .setMeta(meta(dispatch))
                .setRegistrationToken(dispatch.target().address())
                .setTitle(nullToEmpty(plan.message().subject()))
                .setBody(nullToEmpty(plan.message().text()))
                .setData(pushData(dispatch.notificationId(), plan))
                .build();
    }

    public SmsNotification sms(Dispatch dispatch) {
        return SmsNotification.newBuilder()
                .setMeta(meta(dispatch))
                .setPhoneNumber(dispatch.target().address())
                .setBody(nullToEmpty(dispatch.plan().message().text()))
                .build();
    }

    public EmailNotification email(Dispatch dispatch) {
        ChannelPlan plan = dispatch.plan();
        String from = plan.event().from() == null || plan.event().from().isBlank() ? defaultFromAddress : plan.event().from();
        return EmailNotification.newBuilder()
                .setMeta(meta(dispatch))
                .setToAddress(dispatch.target().address())
                .setFromAddress(from)
                .setSubject(nullToEmpty(plan.message().subject()))
                .setTextBody(nullToEmpty(plan.message().text()))
                .setHtmlBody(plan.message().html())
                .build();
    }

    private static NotificationMeta meta(Dispatch dispatch) {
        ChannelPlan plan = dispatch.plan();
        IncomingEvent event = plan.event();
        return NotificationMeta.newBuilder()
                .setNotificationId(dispatch.notificationId())
                .setUserId(dispatch.userId())
                .setCategory(plan.category())
                .setPriority(event.priority() == null ? Priority.NORMAL : Priority.valueOf(event.priority()))
                .setLocale(plan.locale())
                .setCreatedAt(Instant.ofEpochMilli(event.occurredAt()))
                .setSourceEventId(event.eventId())
                .setSourceEventType(event.eventType())
                .setSendAt(instant(event.terms().sendAt()))
                .setExpiresAt(instant(dispatch.expiresAt()))
                .setCollapseKey(event.terms().collapseKey())
                .build();
    }

    /**
     * Lets the app open the right screen without a lookup; ids only, no personal data. Also what
     * {@link ProviderPayloads} measures, so that the limit counts exactly what is sent.
     */
    static Map<String, String> pushData(String notificationId, ChannelPlan plan) {
        return Map.of(
                "notificationId", notificationId,
                "eventType", plan.event().eventType(),
                "category", plan.category());
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
