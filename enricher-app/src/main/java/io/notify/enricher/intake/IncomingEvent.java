package io.notify.enricher.intake;

import java.util.Map;

/**
 * One thing to notify one user about, whichever source it came from: a domain event on
 * {@code events.*} or one recipient of a {@code NotificationRequested}.
 *
 * @param fields     what templates render over (the event's fields, or a request's templateData)
 * @param templateId explicit template of a request; null means look up by {@code eventType}
 * @param verbatim   content of a request without template; null for templated events
 * @param category   the request's own category; null means the template's
 * @param priority   LOW, NORMAL or HIGH; null means NORMAL
 * @param from       sender address for email; null means the configured default
 */
public record IncomingEvent(
        String eventId,
        String eventType,
        String userId,
        long occurredAt,
        Map<String, Object> fields,
        String templateId,
        VerbatimContent verbatim,
        String category,
        String priority,
        String from,
        Origin origin) {

    public boolean usesVerbatimContent() {
        return verbatim != null;
    }
}
