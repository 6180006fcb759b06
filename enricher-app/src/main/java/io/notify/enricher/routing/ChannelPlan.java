package io.notify.enricher.routing;

import io.notify.enricher.intake.IncomingEvent;
import io.notify.enricher.recipients.Target;
import io.notify.enricher.rendering.RenderedMessage;
import io.notify.schemas.Channel;
import java.util.List;

/**
 * What one event becomes on one channel for one user: the rendered content, the addresses, and
 * (once decided) why the whole channel is suppressed. Passed between operators, never serialized.
 */
public record ChannelPlan(
        IncomingEvent event,
        Channel channel,
        String category,
        String locale,
        RenderedMessage message,
        List<Target> targets,
        String suppressedReason) {

    public ChannelPlan suppressed(String reason) {
        return new ChannelPlan(event, channel, category, locale, message, targets, reason);
    }

    public boolean isSuppressed() {
        return suppressedReason != null;
    }

    public boolean hasValidTarget() {
        return targets.stream().anyMatch(Target::isValid);
    }
}
