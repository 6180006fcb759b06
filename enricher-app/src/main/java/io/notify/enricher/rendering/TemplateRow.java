package io.notify.enricher.rendering;

/** A row of the templates table: Mustache sources for one event type or template id, channel and locale. */
public record TemplateRow(
        long id,
        String templateId,
        String eventType,
        String channel,
        String locale,
        String category,
        String subject,
        String body,
        String htmlBody) {
}
