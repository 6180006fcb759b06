package io.notify.enricher.routing;

import io.notify.schemas.DeliveryState;
import io.notify.schemas.NotificationStatus;
import java.time.Instant;

/** The enricher's statuses: ROUTED for a dispatch that went to its channel, SUPPRESSED with the reason otherwise. */
public final class StatusEvents {

    private StatusEvents() {
    }

    public static NotificationStatus of(Dispatch dispatch) {
        return NotificationStatus.newBuilder()
                .setNotificationId(dispatch.notificationId())
                .setUserId(dispatch.userId())
                .setChannel(dispatch.plan().channel())
                .setState(dispatch.isSuppressed() ? DeliveryState.SUPPRESSED : DeliveryState.ROUTED)
                .setReason(dispatch.suppressedReason())
                .setOccurredAt(Instant.ofEpochMilli(dispatch.decidedAt()))
                .setSourceEventId(dispatch.plan().event().eventId())
                .setSourceEventType(dispatch.plan().event().eventType())
                .build();
    }
}
