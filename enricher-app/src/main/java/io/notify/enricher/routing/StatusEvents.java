package io.notify.enricher.routing;

import io.notify.schemas.DeliveryState;
import io.notify.schemas.NotificationStatus;
import java.time.Instant;

/**
 * The enricher's statuses: SUPPRESSED with the reason, HELD with the reason and the due time (a
 * routed dispatch is its channel record).
 */
public final class StatusEvents {

    private StatusEvents() {
    }

    public static NotificationStatus of(Dispatch dispatch) {
        return dispatch.isHeld() ? held(dispatch) : suppressed(dispatch);
    }

    private static NotificationStatus suppressed(Dispatch dispatch) {
        return builder(dispatch)
                .setState(DeliveryState.SUPPRESSED)
                .setReason(dispatch.suppressedReason())
                .build();
    }

    private static NotificationStatus held(Dispatch dispatch) {
        return builder(dispatch)
                .setState(DeliveryState.HELD)
                .setReason(dispatch.hold().reason())
                .setDueAt(Instant.ofEpochMilli(dispatch.hold().until()))
                .build();
    }

    private static NotificationStatus.Builder builder(Dispatch dispatch) {
        return NotificationStatus.newBuilder()
                .setNotificationId(dispatch.notificationId())
                .setUserId(dispatch.userId())
                .setChannel(dispatch.plan().channel())
                .setOccurredAt(Instant.ofEpochMilli(dispatch.decidedAt()))
                .setSourceEventId(dispatch.plan().event().eventId())
                .setSourceEventType(dispatch.plan().event().eventType());
    }
}
