package io.notify.enricher.rendering;

import io.notify.schemas.Channel;
import java.util.Locale;

/**
 * The keys of the templates global store: each row under its CDC id, and two indexes that point
 * from (event type | template id, channel, locale) to the row, so a lookup is one point read.
 */
final class TemplateKeys {

    private TemplateKeys() {
    }

    static String row(long id) {
        return "row|" + id;
    }

    static String byEventType(String eventType, String channel, String locale) {
        return "event|" + eventType + "|" + channel.toLowerCase(Locale.ROOT) + "|" + normalizeLocale(locale);
    }

    static String byTemplateId(String templateId, String channel, String locale) {
        return "template|" + templateId + "|" + channel.toLowerCase(Locale.ROOT) + "|" + normalizeLocale(locale);
    }

    static String channelName(Channel channel) {
        return channel.name().toLowerCase(Locale.ROOT);
    }

    /** {@code pt_BR} and {@code pt-br} are the same locale. */
    static String normalizeLocale(String locale) {
        return locale == null ? "" : locale.strip().replace('_', '-').toLowerCase(Locale.ROOT);
    }
}
