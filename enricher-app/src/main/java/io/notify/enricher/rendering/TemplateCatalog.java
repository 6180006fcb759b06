package io.notify.enricher.rendering;

import io.notify.enricher.TopologyNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the templates global store in step with the templates CDC topic: the row itself and its
 * lookup indexes. A global store (not a GlobalKTable) because lookups are by (type, channel,
 * locale), not by the row id; {@code StreamsBuilder#addGlobalStore} re-runs this processor on
 * restore, so the indexes are rebuilt too. A changed row replaces its indexes at once, which is
 * why a template edited in PostgreSQL applies to the very next event.
 */
public final class TemplateCatalog implements Processor<String, TemplateRow, Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(TemplateCatalog.class);

    private KeyValueStore<String, TemplateRow> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(TopologyNames.TEMPLATES_STORE);
    }

    @Override
    public void process(Record<String, TemplateRow> record) {
        OptionalLong parsed = rowId(record.key());
        if (parsed.isEmpty()) {
            // The global thread has no dead-letter path: skip a row that cannot be a templates row.
            LOG.warn("Ignoring a templates row whose key is not a numeric id");
            return;
        }
        long id = parsed.getAsLong();
        TemplateRow previous = store.get(TemplateKeys.row(id));
        if (previous != null) {
            for (String key : indexKeys(previous)) {
                TemplateRow indexed = store.get(key);
                if (indexed != null && indexed.id() == id) {
                    store.delete(key);
                }
            }
            store.delete(TemplateKeys.row(id));
        }
        TemplateRow row = record.value();
        if (row != null) {
            store.put(TemplateKeys.row(id), row);
            indexKeys(row).forEach(key -> store.put(key, row));
        }
    }

    private static OptionalLong rowId(String key) {
        try {
            return key == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(key.strip()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static List<String> indexKeys(TemplateRow row) {
        List<String> keys = new ArrayList<>();
        if (row.eventType() != null && !row.eventType().isBlank()) {
            keys.add(TemplateKeys.byEventType(row.eventType(), row.channel(), row.locale()));
        }
        if (row.templateId() != null && !row.templateId().isBlank()) {
            keys.add(TemplateKeys.byTemplateId(row.templateId(), row.channel(), row.locale()));
        }
        return keys.stream().filter(Objects::nonNull).toList();
    }
}
