package io.notify.enricher.status;

import io.notify.enricher.TopologyNames;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Keeps the newest status of each of a user's notifications, one window per day; queries read the
 * user's key range over the retention. Writing one entry (not the user's whole list) keeps a
 * status cheap for a user with many notifications. Windows older than the retention are dropped
 * by the store.
 */
public final class UserNotificationsWriter implements FixedKeyProcessor<String, StatusEntry, Void> {

    public static final Duration BUCKET = Duration.ofDays(1);

    private WindowStore<String, StatusEntry> recent;

    @Override
    public void init(FixedKeyProcessorContext<String, Void> context) {
        this.recent = context.getStateStore(TopologyNames.USER_NOTIFICATIONS_STORE);
    }

    @Override
    public void process(FixedKeyRecord<String, StatusEntry> record) {
        StatusEntry entry = record.value();
        if (entry == null || entry.userId() == null) {
            return;
        }
        long day = entry.occurredAt() - Math.floorMod(entry.occurredAt(), BUCKET.toMillis());
        String key = RecentNotifications.key(entry.userId(), entry.notificationId());
        StatusEntry known = recent.fetch(key, day);
        // Statuses can arrive out of order (retries, two apps): an older one must not hide a newer one.
        if (known == null || entry.occurredAt() >= known.occurredAt()) {
            recent.put(key, entry, day);
        }
    }
}
