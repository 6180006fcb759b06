package io.notify.enricher.status;

import io.notify.enricher.TopologyNames;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Keeps each user's recent notifications in one window per day (capped per day); queries merge
 * the days within the retention. Windows older than the retention are dropped by the store.
 */
public final class UserNotificationsWriter implements FixedKeyProcessor<String, StatusEntry, Void> {

    public static final Duration BUCKET = Duration.ofDays(1);

    private final int cap;
    private WindowStore<String, RecentNotifications> recent;

    public UserNotificationsWriter(int cap) {
        this.cap = cap;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Void> context) {
        this.recent = context.getStateStore(TopologyNames.USER_NOTIFICATIONS_STORE);
    }

    @Override
    public void process(FixedKeyRecord<String, StatusEntry> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        long occurredAt = record.value().occurredAt();
        long day = occurredAt - Math.floorMod(occurredAt, BUCKET.toMillis());
        RecentNotifications known = recent.fetch(record.key(), day);
        recent.put(record.key(), (known == null ? RecentNotifications.NONE : known).with(record.value(), cap), day);
    }
}
