package io.notify.enricher.routing;

import io.notify.contract.Topics;
import io.notify.enricher.EnricherSettings;
import io.notify.schemas.Channel;
import io.notify.schemas.NotificationMeta;
import io.notify.schemas.Priority;

/**
 * Which lane of its channel a notification takes: the urgent lane ({@code notify.<channel>.urgent})
 * for HIGH priority and transactional categories (one-time codes, password resets, security
 * alerts), the channel's topic for the rest. The delivery app gives the urgent lane its own
 * consumer and in-flight budget, so it never queues behind a marketing burst.
 */
public final class PriorityLane {

    private final EnricherSettings settings;

    public PriorityLane(EnricherSettings settings) {
        this.settings = settings;
    }

    public boolean isUrgent(NotificationMeta meta) {
        return meta.getPriority() == Priority.HIGH || settings.isTransactional(meta.getCategory());
    }

    public String topic(Channel channel, NotificationMeta meta) {
        return isUrgent(meta) ? Topics.channelUrgent(channel) : Topics.channel(channel);
    }
}
