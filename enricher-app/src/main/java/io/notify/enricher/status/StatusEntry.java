package io.notify.enricher.status;

import io.notify.schemas.Channel;
import io.notify.schemas.DeliveryState;
import io.notify.schemas.NotificationMeta;
import io.notify.schemas.NotificationStatus;

/** One status of one notification as the log keeps it: no addresses, no content; {@code dueAt} for HELD. */
public record StatusEntry(String notificationId, String userId, String channel, String state, String reason,
                          String provider, int attempt, long occurredAt, String sourceEventId, String sourceEventType,
                          Long dueAt) {

    /** {@code reason}: why it went when it did ({@code RoutedReason}), or null. */
    public static StatusEntry routed(NotificationMeta meta, Channel channel, long routedAt, String reason) {
        return new StatusEntry(meta.getNotificationId(), meta.getUserId(), channel.name(), DeliveryState.ROUTED.name(),
                reason, null, 0, routedAt, meta.getSourceEventId(), meta.getSourceEventType(), null);
    }

    public static StatusEntry of(NotificationStatus status) {
        return new StatusEntry(status.getNotificationId(), status.getUserId(), status.getChannel().name(),
                status.getState().name(), status.getReason(), status.getProvider(), status.getAttempt(),
                status.getOccurredAt().toEpochMilli(), status.getSourceEventId(), status.getSourceEventType(),
                status.getDueAt() == null ? null : status.getDueAt().toEpochMilli());
    }
}
