package io.notify.cli.send;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import io.notify.runtime.serde.ContractClasses;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Builds a contract record from plain JSON as a person writes it ({@code "carrier": "DHL"}, not
 * Avro's {@code {"string": "DHL"}}); timestamps may be ISO-8601 or epoch milliseconds.
 */
final class JsonRecords {

    private JsonRecords() {
    }

    static SpecificRecord read(String type, JsonNode json) {
        ContractClasses.trust();
        Class<?> recordClass;
        try {
            recordClass = Class.forName(type);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("unknown record type " + type + ": it is not in the published schemas");
        }
        Schema schema = SpecificData.get().getSchema(recordClass);
        return (SpecificRecord) value(schema, json, type);
    }

    private static Object value(Schema schema, JsonNode json, String path) {
        return switch (schema.getType()) {
            case RECORD -> record(schema, json, path);
            case UNION -> union(schema, json, path);
            case ARRAY -> {
                List<Object> items = new ArrayList<>();
                json.forEach(item -> items.add(value(schema.getElementType(), item, path + "[]")));
                yield items;
            }
            case MAP -> {
                Map<String, Object> map = new HashMap<>();
                json.fields().forEachRemaining(e -> map.put(e.getKey(), value(schema.getValueType(), e.getValue(), path + "." + e.getKey())));
                yield map;
            }
            case ENUM -> SpecificData.get().createEnum(json.asText(), schema);
            case STRING -> json.asText();
            case BOOLEAN -> json.asBoolean();
            case INT -> json.asInt();
            case LONG -> "timestamp-millis".equals(logicalType(schema)) ? timestamp(json) : (Object) json.asLong();
            case DOUBLE, FLOAT -> json.asDouble();
            default -> throw new IllegalArgumentException(path + ": " + schema.getType() + " is not supported in JSON files");
        };
    }

    private static Object record(Schema schema, JsonNode json, String path) {
        if (!json.isObject()) {
            throw new IllegalArgumentException(path + " must be a JSON object");
        }
        SpecificRecord record = (SpecificRecord) SpecificData.getForSchema(schema).newRecord(null, schema);
        for (Schema.Field field : schema.getFields()) {
            JsonNode node = json.get(field.name());
            if (node == null || node.isNull()) {
                if (!field.hasDefaultValue() && !isNullable(field.schema())) {
                    throw new IllegalArgumentException(path + "." + field.name() + " is required");
                }
                Object fallback = field.hasDefaultValue() ? SpecificData.get().getDefaultValue(field) : null;
                record.put(field.pos(), fallback);
            } else {
                record.put(field.pos(), value(field.schema(), node, path + "." + field.name()));
            }
        }
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (schema.getField(name) == null) {
                throw new IllegalArgumentException(path + " has no field " + name);
            }
        }
        return record;
    }

    private static Object union(Schema schema, JsonNode json, String path) {
        if (json.isNull()) {
            return null;
        }
        Schema branch = schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(path + " is always null"));
        return value(branch, json, path);
    }

    private static boolean isNullable(Schema schema) {
        return schema.getType() == Schema.Type.UNION && schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL);
    }

    private static String logicalType(Schema schema) {
        return schema.getLogicalType() == null ? null : schema.getLogicalType().getName();
    }

    private static Instant timestamp(JsonNode json) {
        return json.isNumber() ? Instant.ofEpochMilli(json.asLong()) : Instant.parse(json.asText());
    }
}
