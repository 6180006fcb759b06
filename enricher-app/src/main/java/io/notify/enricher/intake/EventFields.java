package io.notify.enricher.intake;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericRecord;

/**
 * Turns an Avro record of any type into plain maps, lists, strings, numbers and booleans that
 * templates can render and JSON can carry. Every schema field is present, null when unset, so
 * that the renderer can tell an unset optional field from a name the schema does not have.
 */
public final class EventFields {

    private EventFields() {
    }

    public static Map<String, Object> of(GenericRecord record) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Schema.Field field : record.getSchema().getFields()) {
            fields.put(field.name(), plain(record.get(field.pos())));
        }
        return fields;
    }

    private static Object plain(Object value) {
        if (value == null || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof GenericRecord nested) {
            return of(nested);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), plain(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(item -> copy.add(plain(item)));
            return copy;
        }
        if (value instanceof ByteBuffer || value instanceof GenericContainer && !(value instanceof CharSequence)) {
            // Bytes and fixed carry nothing a human-readable message could use.
            return null;
        }
        return value.toString();
    }
}
