package io.notify.runtime.serde;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A registry-backed serializer that says so, with a type of its own, when the registry cannot be
 * reached, and that registers each schema once.
 *
 * <p>The registry client caches a schema only when its registration returns, and every
 * serialization that misses meanwhile registers it again. At start-up under load the delivery
 * app's status serializer, shared by a channel's writer threads, had ~950 registrations in flight
 * at once: the registry was busy for tens of seconds and the app's sends waited behind them. So
 * the first serialization of a schema goes alone; the others wait for it and then hit the cache.
 */
final class RegistryBoundSerializer<T> implements Serializer<T> {

    private final Serializer<T> delegate;
    private final String registryUrl;
    private final Set<Schema> registered = ConcurrentHashMap.newKeySet();

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
            return once(data, () -> delegate.serialize(topic, data));
        } catch (RuntimeException e) {
            throw translated(e, topic, data);
        }
    }

    @Override
    public byte[] serialize(String topic, Headers headers, T data) {
        try {
            return once(data, () -> delegate.serialize(topic, headers, data));
        } catch (RuntimeException e) {
            throw translated(e, topic, data);
        }
    }

    @Override
    public void close() {
        delegate.close();
    }

    private byte[] once(T data, Supplier<byte[]> serialization) {
        if (!(data instanceof GenericContainer record) || registered.contains(record.getSchema())) {
            return serialization.get();
        }
        synchronized (registered) {
            byte[] bytes = serialization.get();
            registered.add(record.getSchema());
            return bytes;
        }
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
