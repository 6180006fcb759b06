package io.notify.delivery.retry;

import io.notify.contract.Topics;
import io.notify.schemas.Channel;

/** Names of a channel's retry topics: {@code notify.<channel>.retry.<tier>}. */
public final class RetryTopics {

    private RetryTopics() {
    }

    public static String of(Channel channel, RetryTier tier) {
        return Topics.channel(channel) + ".retry." + tier.name();
    }
}
