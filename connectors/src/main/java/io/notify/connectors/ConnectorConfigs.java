package io.notify.connectors;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Connect worker and Debezium connector configurations shipped in connect/, with their
 * {@code ${NAME}} placeholders filled in. A placeholder with no value is an error: a connector
 * registered with a literal "${USERDB_PASSWORD}" would fail much later and far less clearly.
 */
public final class ConnectorConfigs {

    public static final String USERDB_CONNECTOR = "connect/userdb-connector.properties";
    public static final String WORKER = "connect/worker.properties";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+)}");

    private ConnectorConfigs() {
    }

    /** The Debezium connector for the user database, for the given connection values. */
    public static Map<String, String> userDbConnector(Map<String, String> values) {
        return load(USERDB_CONNECTOR, values);
    }

    public static Map<String, String> worker() {
        return load(WORKER, Map.of());
    }

    static Map<String, String> load(String resource, Map<String, String> values) {
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
        properties.stringPropertyNames().forEach(key -> config.put(key, substitute(key, properties.getProperty(key), values)));
        return config;
    }

    private static String substitute(String key, String value, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(value);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String replacement = values.get(matcher.group(1));
            if (replacement == null) {
                throw new IllegalArgumentException(key + " needs a value for ${" + matcher.group(1) + "}");
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(result);
        return result.toString();
    }
}
