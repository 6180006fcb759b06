package io.notify.enricher.routing;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Why a channel record went out when it did, where that is worth telling: the notification log
 * shows it as the ROUTED entry's reason. It travels as a header of the channel record, which is
 * the ROUTED status, so saying it costs no append of its own.
 */
public final class RoutedReason {

    public static final String HEADER = "notify-routed-reason";
    /** Its send-at had already passed when it was decided: sent at once, not dropped. */
    public static final String SEND_AT_PASSED = "send_at_passed";
    /** It was held and released when due. */
    public static final String RELEASED = "released";

    private RoutedReason() {
    }

    /** A copy of {@code headers} with the reason: the event's headers object is shared by all its records. */
    public static Headers with(Headers headers, String reason) {
        RecordHeaders copy = new RecordHeaders(headers.toArray());
        copy.remove(HEADER);
        copy.add(HEADER, reason.getBytes(StandardCharsets.UTF_8));
        return copy;
    }

    public static String of(Headers headers) {
        Header header = headers.lastHeader(HEADER);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
