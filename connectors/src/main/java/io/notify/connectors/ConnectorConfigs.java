package io.notify.connectors;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The Connect worker and Debezium connector configurations shipped in connect/. The connector
 * refers to its database through {@code ${env:USERDB_*}}, which the worker resolves from its
 * environment: {@link #USERDB_ENVIRONMENT} names the variables a worker must be given.
 */
public final class ConnectorConfigs {

    public static final String USERDB_CONNECTOR = "connect/userdb-connector.properties";
    public static final String WORKER = "connect/worker.properties";
    public static final java.util.List<String> USERDB_ENVIRONMENT =
            java.util.List.of("USERDB_HOST", "USERDB_PORT", "USERDB_USER", "USERDB_PASSWORD", "USERDB_NAME");

    private ConnectorConfigs() {
    }

    public static Map<String, String> userDbConnector() {
        return load(USERDB_CONNECTOR);
    }

    public static Map<String, String> worker() {
        return load(WORKER);
    }

    private static Map<String, String> load(String resource) {
        Properties properties = new Properties();
        try (InputStream in = ConnectorConfigs.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> config.put(key, properties.getProperty(key)));
        return config;
    }
}
