package io.notify.enricher.intake;

import io.notify.schemas.NotificationRequested;
import java.time.Instant;
import java.util.Map;

/**
 * When and how an event's notifications may go out, as the event asked: held until
 * {@code sendAt}, not handed to a provider after {@code expiresAt} (or {@code ttlMillis} after
 * they are due), collapsed on {@code collapseKey}, cancellable by {@code cancellationKey}; and
 * which held notifications of the user the event itself {@code cancels}. Every part may be null.
 * A domain event states them in fields of these names ({@code sendAt}, {@code delaySeconds},
 * {@code expiresAt}, {@code ttlSeconds}, {@code collapseKey}, {@code cancellationKey},
 * {@code cancels}), a request in its schema's fields of the same names.
 */
public record DeliveryTerms(Long sendAt, Long expiresAt, Long ttlMillis, String collapseKey, String cancellationKey,
                            String cancels) {

    public static final DeliveryTerms NONE = new DeliveryTerms(null, null, null, null, null, null);

    static final String SEND_AT = "sendAt";
    static final String DELAY_SECONDS = "delaySeconds";
    static final String EXPIRES_AT = "expiresAt";
    static final String TTL_SECONDS = "ttlSeconds";
    static final String COLLAPSE_KEY = "collapseKey";
    static final String CANCELLATION_KEY = "cancellationKey";
    static final String CANCELS = "cancels";

    public DeliveryTerms {
        collapseKey = blankToNull(collapseKey);
        cancellationKey = blankToNull(cancellationKey);
        cancels = blankToNull(cancels);
    }

    /** From a domain event's fields (as {@link EventFields} gives them); a delay counts from the event's time. */
    static DeliveryTerms of(Map<String, Object> fields, long occurredAt) {
        return of(millis(fields.get(SEND_AT)), seconds(fields.get(DELAY_SECONDS)), millis(fields.get(EXPIRES_AT)),
                seconds(fields.get(TTL_SECONDS)), text(fields.get(COLLAPSE_KEY)), text(fields.get(CANCELLATION_KEY)),
                text(fields.get(CANCELS)), occurredAt);
    }

    static DeliveryTerms of(NotificationRequested request, long requestedAt) {
        return of(millis(request.getSendAt()), request.getDelaySeconds(), millis(request.getExpiresAt()),
                request.getTtlSeconds(), request.getCollapseKey(), request.getCancellationKey(), request.getCancels(),
                requestedAt);
    }

    private static DeliveryTerms of(Long sendAt, Long delaySeconds, Long expiresAt, Long ttlSeconds, String collapseKey,
                                    String cancellationKey, String cancels, long from) {
        // Saturating: a hostile delay or time to live must not wrap around into the past.
        Long due = sendAt != null ? sendAt : delaySeconds != null && delaySeconds > 0 ? plus(from, millisOf(delaySeconds)) : null;
        Long ttl = ttlSeconds != null && ttlSeconds > 0 ? millisOf(ttlSeconds) : null;
        DeliveryTerms terms = new DeliveryTerms(due, expiresAt, ttl, collapseKey, cancellationKey, cancels);
        return terms.equals(NONE) ? NONE : terms;
    }

    /** {@code at + millis}, at most {@link Long#MAX_VALUE}. */
    public static long plus(long at, long millis) {
        long sum = at + millis;
        return millis > 0 && sum < at ? Long.MAX_VALUE : sum;
    }

    private static long millisOf(long seconds) {
        return seconds > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : seconds * 1000;
    }

    public boolean isScheduled() {
        return sendAt != null;
    }

    private static Long millis(Object value) {
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value instanceof Instant instant) {
            return instant.toEpochMilli();
        }
        if (value instanceof String text) {
            try {
                return Instant.parse(text).toEpochMilli();
            } catch (RuntimeException e) {
                return null;
            }
        }
        return null;
    }

    private static Long seconds(Object value) {
        return value instanceof Number number ? number.longValue() : null;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
