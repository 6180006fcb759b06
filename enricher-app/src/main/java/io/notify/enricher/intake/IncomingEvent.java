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
 * @param terms      when the notifications may go out and what the event cancels; never null
 *                   (a held event stored before they existed reads as {@link DeliveryTerms#NONE})
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
        DeliveryTerms terms,
        Origin origin) {

    public IncomingEvent {
        terms = terms == null ? DeliveryTerms.NONE : terms;
    }

    public boolean usesVerbatimContent() {
        return verbatim != null;
    }

    /** A request that cancels held notifications and has no content of its own notifies nobody. */
    public boolean onlyCancels() {
        return terms.cancels() != null && verbatim != null && verbatim.isEmpty();
    }

    /**
     * What a held notification needs of its event once rendered: no fields (the content is
     * rendered) and no original bytes (nothing after rendering can dead-letter it).
     */
    public IncomingEvent rendered() {
        Origin slim = new Origin(origin.topic(), origin.partition(), origin.offset(), null, null);
        return new IncomingEvent(eventId, eventType, userId, occurredAt, Map.of(), templateId, null, category, priority,
                from, terms, slim);
    }
}
