package io.notify.enricher.routing;

import io.notify.enricher.recipients.Target;
import java.util.List;

/**
 * One notification to one address: routed to its channel topic, held until a due time (a HELD
 * status now, routed or suppressed when released), or suppressed with a reason. Every dispatch
 * yields exactly one record or status at a time.
 *
 * @param hold      why and until when it waits; null when it is decided now
 * @param expiresAt after this it is handed to no provider; null when it does not expire
 */
public record Dispatch(String notificationId, String userId, ChannelPlan plan, Target target, String suppressedReason,
                       long decidedAt, Hold hold, Long expiresAt) {

    /** Why a dispatch waits ({@code scheduled}: send-at or delay; {@code quiet_hours}) and when it is due. */
    public record Hold(String reason, long until) {
        public static final String SCHEDULED = "scheduled";
        public static final String QUIET_HOURS = "quiet_hours";
    }

    public boolean isSuppressed() {
        return suppressedReason != null;
    }

    public boolean isHeld() {
        return hold != null && !isSuppressed();
    }

    public Dispatch held(Hold waiting) {
        return new Dispatch(notificationId, userId, plan, target, null, decidedAt, waiting, expiresAt);
    }

    public Dispatch expiringAt(Long at) {
        return new Dispatch(notificationId, userId, plan, target, suppressedReason, decidedAt, hold, at);
    }

    /** Decided again at {@code at}: routed, or suppressed when {@code reason} is set. */
    public Dispatch decidedAt(long at, String reason) {
        return new Dispatch(notificationId, userId, plan, target, reason, at, null, expiresAt);
    }

    /** As the schedule keeps it: the rendered content and this one address, not the event's fields or every address. */
    public Dispatch forHolding() {
        ChannelPlan slim = new ChannelPlan(plan.event().rendered(), plan.channel(), plan.category(), plan.locale(),
                plan.message(), List.of(target), plan.suppressedReason());
        return new Dispatch(notificationId, userId, slim, target, suppressedReason, decidedAt, hold, expiresAt);
    }
}
