package io.notify.enricher.dedupe;

import io.notify.enricher.TopologyNames;
import io.notify.enricher.metrics.EnricherMetrics;
import io.notify.enricher.rendering.RenderedEvent;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Forwards an event the first time its id is seen for a user within the retention window and
 * drops it afterwards. The key includes the user because a request fanned out to N users shares
 * one event id. The window store drops whole segments once they are older than the retention, so
 * the state stays bounded by (events per retention window).
 */
public final class EventDeduplicator implements FixedKeyProcessor<String, RenderedEvent, RenderedEvent> {

    private final long retentionMs;
    private final EnricherMetrics metrics;
    private FixedKeyProcessorContext<String, RenderedEvent> context;
    private WindowStore<String, Long> seen;

    public EventDeduplicator(Duration retention, EnricherMetrics metrics) {
        this.retentionMs = retention.toMillis();
        this.metrics = metrics;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, RenderedEvent> context) {
        this.context = context;
        this.seen = context.getStateStore(TopologyNames.DEDUPE_STORE);
    }

    @Override
    public void process(FixedKeyRecord<String, RenderedEvent> record) {
        String key = record.key() + "|" + record.value().recipient().event().eventId();
        long timestamp = record.timestamp();
        if (seenWithinRetention(key, timestamp)) {
            metrics.duplicate();
            return;
        }
        seen.put(key, timestamp, timestamp);
        context.forward(record);
    }

    private boolean seenWithinRetention(String key, long timestamp) {
        try (WindowStoreIterator<Long> earlier = seen.fetch(key, timestamp - retentionMs, timestamp + retentionMs)) {
            return earlier.hasNext();
        }
    }
}
