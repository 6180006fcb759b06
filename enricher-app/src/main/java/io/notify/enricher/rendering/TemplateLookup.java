package io.notify.enricher.rendering;

import io.notify.enricher.intake.IncomingEvent;
import io.notify.schemas.Channel;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Finds the template for an event on a channel in the user's locale, falling back from a
 * regional locale to its language and then to the default locale ({@code de-CH → de → en}).
 */
public final class TemplateLookup {

    private final ReadOnlyKeyValueStore<String, TemplateRow> store;
    private final String defaultLocale;

    public TemplateLookup(ReadOnlyKeyValueStore<String, TemplateRow> store, String defaultLocale) {
        this.store = store;
        this.defaultLocale = defaultLocale;
    }

    public Optional<TemplateRow> find(IncomingEvent event, Channel channel, String userLocale) {
        String channelName = TemplateKeys.channelName(channel);
        for (String locale : fallbackChain(userLocale)) {
            String key = event.templateId() != null
                    ? TemplateKeys.byTemplateId(event.templateId(), channelName, locale)
                    : TemplateKeys.byEventType(event.eventType(), channelName, locale);
            TemplateRow row = store.get(key);
            if (row != null) {
                return Optional.of(row);
            }
        }
        return Optional.empty();
    }

    Set<String> fallbackChain(String userLocale) {
        Set<String> chain = new LinkedHashSet<>();
        String locale = TemplateKeys.normalizeLocale(userLocale);
        if (!locale.isEmpty()) {
            chain.add(locale);
            int dash = locale.indexOf('-');
            if (dash > 0) {
                chain.add(locale.substring(0, dash));
            }
        }
        chain.add(TemplateKeys.normalizeLocale(defaultLocale));
        return chain;
    }
}
