package io.notify.enricher.serde;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * JSON for CDC rows (snake_case, as Debezium writes them) and for the enricher's own internal
 * topics and stores (camelCase). Unknown properties are ignored so that a new DB column or a new
 * field in an internal record never breaks a running app.
 */
public final class JsonSerde<T> implements Serde<T> {

    private static final ObjectMapper INTERNAL = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final ObjectMapper SNAKE_CASE = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private final ObjectMapper mapper;
    private final Class<T> type;

    private JsonSerde(ObjectMapper mapper, Class<T> type) {
        this.mapper = mapper;
        this.type = type;
    }

    /** A row of a CDC topic: snake_case column names. */
    public static <T> JsonSerde<T> cdcRow(Class<T> type) {
        return new JsonSerde<>(SNAKE_CASE, type);
    }

    /** A value of the enricher's own repartition topics and stores. */
    public static <T> JsonSerde<T> internal(Class<T> type) {
        return new JsonSerde<>(INTERNAL, type);
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            try {
                return mapper.writeValueAsBytes(data);
            } catch (IOException e) {
                throw new SerializationException("cannot write " + type.getSimpleName() + " as JSON", e);
            }
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            try {
                return mapper.readValue(data, type);
            } catch (IOException e) {
                throw new SerializationException("cannot read " + type.getSimpleName() + " from JSON on " + topic, e);
            }
        };
    }
}
