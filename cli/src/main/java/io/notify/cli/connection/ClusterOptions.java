package io.notify.cli.connection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notify.runtime.config.ConfigSource;
import io.notify.runtime.config.KafkaSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the commands find the platform. A flag wins; then the environment and {@code NOTIFY_CONFIG}
 * (as for the apps); then the endpoints of a platform started here by {@code ./notify up}; then
 * the local defaults. So the same commands work against a local run and any real cluster.
 */
public final class ClusterOptions {

    public static final String LOCAL_QUERY_URL = "http://localhost:8090";

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
    String bootstrapServers;

    @Option(names = "--registry-url", paramLabel = "URL", description = "Apicurio Registry v3 API URL.")
    String registryUrl;

    @Option(names = "--jdbc-url", paramLabel = "URL", description = "The user database (writes go there; CDC does the rest).")
    String jdbcUrl;

    @Option(names = "--jdbc-user", paramLabel = "USER", description = "User of the user database.")
    String jdbcUser;

    @Option(names = "--query-url", paramLabel = "URL", description = "Any enricher instance's HTTP address (default " + LOCAL_QUERY_URL + ").")
    String queryUrl;

    public Endpoints resolve() {
        ConfigSource config = localPlatform().with(ConfigSource.fromEnvironment().asMap());
        Map<String, String> flags = new HashMap<>();
        put(flags, "kafka.bootstrap.servers", bootstrapServers);
        put(flags, "registry.url", registryUrl);
        put(flags, "userdb.jdbc.url", jdbcUrl);
        put(flags, "userdb.user", jdbcUser);
        put(flags, "query.url", queryUrl);
        config = config.with(flags);
        return new Endpoints(KafkaSettings.from(config),
                config.string("userdb.jdbc.url", "jdbc:postgresql://localhost:5433/userdb"),
                config.string("userdb.user", "notify"),
                config.secret("userdb.password").orElse(""),
                config.string("query.url", LOCAL_QUERY_URL));
    }

    /** The endpoints file of a platform that `./notify up` runs from this directory, if any. */
    private static ConfigSource localPlatform() {
        Path file = Path.of(".notify", "endpoints.json");
        if (!Files.exists(file)) {
            return ConfigSource.of(Map.of());
        }
        try {
            JsonNode endpoints = new ObjectMapper().readTree(file.toFile());
            Map<String, String> values = new HashMap<>();
            values.put("kafka.bootstrap.servers", endpoints.path("kafkaBootstrapServers").asText());
            values.put("registry.url", endpoints.path("registryUrl").asText());
            values.put("userdb.jdbc.url", endpoints.path("jdbcUrl").asText());
            values.put("userdb.user", endpoints.path("jdbcUser").asText());
            values.put("userdb.password", endpoints.path("jdbcPassword").asText());
            if (endpoints.has("queryUrl")) {
                values.put("query.url", endpoints.path("queryUrl").asText());
            }
            return ConfigSource.of(values);
        } catch (IOException e) {
            return ConfigSource.of(Map.of());
        }
    }

    private static void put(Map<String, String> values, String key, String value) {
        if (value != null && !value.isBlank()) {
            values.put(key, value);
        }
    }
}
