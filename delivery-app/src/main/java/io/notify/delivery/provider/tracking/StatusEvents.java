package io.notify.delivery.provider.tracking;

import io.notify.schemas.Channel;
import io.notify.schemas.DeliveryState;
import io.notify.schemas.NotificationStatus;
import java.time.Instant;

/** Builds the {@link NotificationStatus} a provider callback stands for. */
final class StatusEvents {

    private StatusEvents() {}

    static NotificationStatus of(String notificationId, String userId, Channel channel, DeliveryState state,
                                 String reason, String provider, String providerMessageId, Instant occurredAt) {
        return NotificationStatus.newBuilder()
                .setNotificationId(notificationId)
                .setUserId(userId)
                .setChannel(channel)
                .setState(state)
                .setReason(reason)
                .setProvider(provider)
                .setProviderMessageId(providerMessageId)
                .setOccurredAt(occurredAt)
                .build();
    }
}
