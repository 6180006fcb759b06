package io.notify.enricher.routing;

import io.notify.enricher.recipients.Target;

/**
 * One notification to one address, either routed to its channel topic or suppressed with a
 * reason. Every dispatch yields exactly one status.
 */
public record Dispatch(String notificationId, String userId, ChannelPlan plan, Target target, String suppressedReason,
                       long decidedAt) {

    public boolean isSuppressed() {
        return suppressedReason != null;
    }
}
