package io.notify.stack;

import io.notify.runtime.config.ConfigSource;
import io.notify.runtime.config.KafkaSettings;
import java.util.LinkedHashMap;
import java.util.Map;

/** How to reach each part of a running stack. */
public record StackEndpoints(String bootstrapServers, String registryUrl, String jdbcUrl, String jdbcUser,
                             String jdbcPassword, String connectUrl) {

    /** The settings an app needs to run against this stack, under the keys the apps read. */
    public ConfigSource config() {
        return ConfigSource.of(asMap());
    }

    public KafkaSettings kafka() {
        return KafkaSettings.from(config());
    }

    public Map<String, String> asMap() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("kafka.bootstrap.servers", bootstrapServers);
        values.put("registry.url", registryUrl);
        values.put("userdb.jdbc.url", jdbcUrl);
        values.put("userdb.user", jdbcUser);
        values.put("userdb.password", jdbcPassword);
        values.put("connect.url", connectUrl);
        return values;
    }
}
