package io.notify.enricher.routing;

import io.notify.schemas.Channel;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic notification ids: a name-based UUID (v3) of source event id, user, channel and
 * address. Re-processing the same event after a crash yields the same id, which is what lets the
 * delivery ledger recognise a notification it already sent.
 */
public final class NotificationIds {

    private NotificationIds() {
    }

    public static String of(String sourceEventId, String userId, Channel channel, String address) {
        String name = String.join("|", sourceEventId, userId, channel.name(), address);
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
