package io.notify.runtime.config;

import java.util.HashMap;
import java.util.Map;

/**
 * How to reach the cluster and the schema registry. Any {@code kafka.client.*} key (for example
 * {@code kafka.client.security.protocol=SASL_SSL}) is passed to every client as is, so SASL and
 * TLS need no code change.
 */
public record KafkaSettings(String bootstrapServers, String registryUrl, Map<String, String> clientOverrides) {

    public static final String LOCAL_BOOTSTRAP = "localhost:9092";
    public static final String LOCAL_REGISTRY = "http://localhost:8081/apis/registry/v3";

    public KafkaSettings {
        clientOverrides = Map.copyOf(clientOverrides);
    }

    public static KafkaSettings from(ConfigSource config) {
        return new KafkaSettings(
                config.string("kafka.bootstrap.servers", LOCAL_BOOTSTRAP),
                config.string("registry.url", LOCAL_REGISTRY),
                config.under("kafka.client"));
    }

    /** Base properties every producer, consumer, admin client and Streams app starts from. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> properties = new HashMap<>(clientOverrides);
        properties.put("bootstrap.servers", bootstrapServers);
        return properties;
    }
}
