package io.notify.enricher.routing;

import io.notify.schemas.DeliveryState;
import io.notify.schemas.NotificationStatus;
import java.time.Instant;

/** The enricher's statuses: SUPPRESSED with the reason (a routed dispatch is its channel record). */
public final class StatusEvents {

    private StatusEvents() {
    }

    public static NotificationStatus suppressed(Dispatch dispatch) {
        return NotificationStatus.newBuilder()
                .setNotificationId(dispatch.notificationId())
                .setUserId(dispatch.userId())
                .setChannel(dispatch.plan().channel())
                .setState(DeliveryState.SUPPRESSED)
                .setReason(dispatch.suppressedReason())
                .setOccurredAt(Instant.ofEpochMilli(dispatch.decidedAt()))
                .setSourceEventId(dispatch.plan().event().eventId())
                .setSourceEventType(dispatch.plan().event().eventType())
                .build();
    }
}
