package io.notify.runtime.serde;

import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/** A registry-backed deserializer that says so, with a type of its own, when the registry cannot be reached. */
final class RegistryBoundDeserializer<T> implements Deserializer<T> {

    private final Deserializer<T> delegate;
    private final String registryUrl;

    RegistryBoundDeserializer(Deserializer<T> delegate, String registryUrl) {
        this.delegate = delegate;
        this.registryUrl = registryUrl;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        delegate.configure(configs, isKey);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        try {
            return delegate.deserialize(topic, data);
        } catch (RuntimeException e) {
            throw translated(e, topic);
        }
    }

    @Override
    public T deserialize(String topic, Headers headers, byte[] data) {
        try {
            return delegate.deserialize(topic, headers, data);
        } catch (RuntimeException e) {
            throw translated(e, topic);
        }
    }

    @Override
    public T deserialize(String topic, Headers headers, ByteBuffer data) {
        try {
            return delegate.deserialize(topic, headers, data);
        } catch (RuntimeException e) {
            throw translated(e, topic);
        }
    }

    @Override
    public void close() {
        delegate.close();
    }

    private RuntimeException translated(RuntimeException error, String topic) {
        return SchemaRegistryUnavailableException.isUnreachable(error)
                ? new SchemaRegistryUnavailableException(registryUrl, "look up the writer schema of a record on " + topic, error)
                : error;
    }
}
