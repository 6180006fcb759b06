package io.notify.enricher.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.notify.schemas.Channel;
import io.notify.schemas.NotificationStatus;
import java.util.List;

/** Picks statuses out of what the enricher wrote. */
public final class Statuses {

    private Statuses() {
    }

    /** The one status on {@code channel}; fails if there is none or more than one. */
    public static NotificationStatus onChannel(List<NotificationStatus> statuses, Channel channel) {
        List<NotificationStatus> found = statuses.stream().filter(s -> s.getChannel() == channel).toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }
}
