package io.notify.enricher.recipients;

import io.notify.enricher.intake.IncomingEvent;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * An event waiting for its user's contact data, with what releasing it needs: the record's own
 * timestamp and headers (a dead letter keeps them), and when the wait for the user ends.
 */
public record HeldEvent(IncomingEvent event, long timestamp, List<Header> headers, long giveUpAt) {

    /** A record header, as the store keeps it. */
    public record Header(String key, byte[] value) {
    }

    public static HeldEvent of(IncomingEvent event, long timestamp, Headers headers, long giveUpAt) {
        List<Header> kept = new java.util.ArrayList<>();
        headers.forEach(h -> kept.add(new Header(h.key(), h.value())));
        return new HeldEvent(event, timestamp, List.copyOf(kept), giveUpAt);
    }

    public Headers recordHeaders() {
        RecordHeaders restored = new RecordHeaders();
        headers.forEach(h -> restored.add(h.key(), h.value()));
        return restored;
    }
}
