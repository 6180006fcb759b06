package io.notify.delivery.pipeline;

import io.notify.schemas.AndroidPushNotification;
import io.notify.schemas.Channel;
import io.notify.schemas.EmailNotification;
import io.notify.schemas.IosPushNotification;
import io.notify.schemas.NotificationMeta;
import io.notify.schemas.SmsNotification;
import java.util.Optional;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;

/**
 * What the pipeline needs to know about a channel's record type: its class (for the registry
 * serde), its meta block, and for push channels the device token that feedback names.
 */
public record NotificationType<N extends SpecificRecord>(
        Channel channel,
        Class<N> recordClass,
        Function<N, NotificationMeta> meta,
        Optional<Function<N, String>> deviceToken) {

    public static final NotificationType<IosPushNotification> IOS = new NotificationType<>(
            Channel.IOS, IosPushNotification.class, IosPushNotification::getMeta,
            Optional.of(IosPushNotification::getDeviceToken));
    public static final NotificationType<AndroidPushNotification> ANDROID = new NotificationType<>(
            Channel.ANDROID, AndroidPushNotification.class, AndroidPushNotification::getMeta,
            Optional.of(AndroidPushNotification::getRegistrationToken));
    public static final NotificationType<SmsNotification> SMS = new NotificationType<>(
            Channel.SMS, SmsNotification.class, SmsNotification::getMeta, Optional.empty());
    public static final NotificationType<EmailNotification> EMAIL = new NotificationType<>(
            Channel.EMAIL, EmailNotification.class, EmailNotification::getMeta, Optional.empty());

    public static NotificationType<?> of(Channel channel) {
        return switch (channel) {
            case IOS -> IOS;
            case ANDROID -> ANDROID;
            case SMS -> SMS;
            case EMAIL -> EMAIL;
        };
    }

    public boolean isPush() {
        return deviceToken.isPresent();
    }
}
