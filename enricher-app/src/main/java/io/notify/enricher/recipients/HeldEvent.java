package io.notify.enricher.recipients;

import io.notify.enricher.intake.IncomingEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * An event waiting for its user's contact data, with what releasing it needs: the record's own
 * timestamp and headers (a dead letter keeps them), and when the wait for the user ends.
 */
public record HeldEvent(IncomingEvent event, long timestamp, List<Header> headers, long giveUpAt) {

    /** A record header, as a store keeps it. */
    public record Header(String key, byte[] value) {

        public static List<Header> copyOf(Headers headers) {
            List<Header> kept = new ArrayList<>();
            headers.forEach(h -> kept.add(new Header(h.key(), h.value())));
            return List.copyOf(kept);
        }

        public static Headers restore(List<Header> headers) {
            RecordHeaders restored = new RecordHeaders();
            headers.forEach(h -> restored.add(h.key(), h.value()));
            return restored;
        }
    }

    public static HeldEvent of(IncomingEvent event, long timestamp, Headers headers, long giveUpAt) {
        return new HeldEvent(event, timestamp, Header.copyOf(headers), giveUpAt);
    }

    public Headers recordHeaders() {
        return Header.restore(headers);
    }
}
