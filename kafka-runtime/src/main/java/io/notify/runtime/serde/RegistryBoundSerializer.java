package io.notify.runtime.serde;

import java.util.Map;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/** A registry-backed serializer that says so, with a type of its own, when the registry cannot be reached. */
final class RegistryBoundSerializer<T> implements Serializer<T> {

    private final Serializer<T> delegate;
    private final String registryUrl;

    RegistryBoundSerializer(Serializer<T> delegate, String registryUrl) {
        this.delegate = delegate;
        this.registryUrl = registryUrl;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        delegate.configure(configs, isKey);
    }

    @Override
    public byte[] serialize(String topic, T data) {
        try {
            return delegate.serialize(topic, data);
        } catch (RuntimeException e) {
            throw translated(e, topic, data);
        }
    }

    @Override
    public byte[] serialize(String topic, Headers headers, T data) {
        try {
            return delegate.serialize(topic, headers, data);
        } catch (RuntimeException e) {
            throw translated(e, topic, data);
        }
    }

    @Override
    public void close() {
        delegate.close();
    }

    private RuntimeException translated(RuntimeException error, String topic, T data) {
        if (!SchemaRegistryUnavailableException.isUnreachable(error)) {
            return error;
        }
        // The schema's name only: the record itself may hold personal data.
        String type = data instanceof GenericContainer record ? record.getSchema().getFullName() : "a null record";
        return new SchemaRegistryUnavailableException(registryUrl, "resolve the schema of " + type + " for " + topic, error);
    }
}
