package io.notify.enricher.status;

import io.notify.enricher.TopologyNames;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Folds statuses (and the ROUTED entries read from the channel records) into the per-notification log. The history of a notification is
 * stored in the window of its first status, and the store drops windows older than the
 * retention: the log is bounded by (notifications per retention period) x (history cap).
 */
public final class NotificationLogWriter implements FixedKeyProcessor<String, StatusEntry, StatusEntry> {

    private final long retentionMs;
    private final int historyCap;
    private FixedKeyProcessorContext<String, StatusEntry> context;
    private WindowStore<String, NotificationHistory> log;

    public NotificationLogWriter(Duration retention, int historyCap) {
        this.retentionMs = retention.toMillis();
        this.historyCap = historyCap;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, StatusEntry> context) {
        this.context = context;
        this.log = context.getStateStore(TopologyNames.NOTIFICATION_LOG_STORE);
    }

    @Override
    public void process(FixedKeyRecord<String, StatusEntry> record) {
        StatusEntry entry = record.value();
        if (entry == null || entry.notificationId() == null) {
            return;
        }
        NotificationHistory known = find(log, entry.notificationId(), entry.occurredAt(), retentionMs);
        NotificationHistory next = known == null ? NotificationHistory.start(entry) : known.with(entry, historyCap);
        log.put(entry.notificationId(), next, next.firstSeenAt());
        context.forward(record);
    }

    /** The history of a notification whose first status lies within {@code retentionMs} around {@code around}. */
    public static NotificationHistory find(ReadOnlyWindowStore<String, NotificationHistory> store,
                                           String notificationId, long around, long retentionMs) {
        NotificationHistory found = null;
        try (WindowStoreIterator<NotificationHistory> windows = store.fetch(notificationId,
                Instant.ofEpochMilli(around - retentionMs), Instant.ofEpochMilli(around + retentionMs))) {
            while (windows.hasNext()) {
                KeyValue<Long, NotificationHistory> window = windows.next();
                found = window.value;
            }
        }
        return found;
    }
}
