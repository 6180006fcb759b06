package io.notify.runtime.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where settings come from, read once at start-up. A key such as {@code kafka.bootstrap.servers}
 * is looked up as the environment variable {@code NOTIFY_KAFKA_BOOTSTRAP_SERVERS} first, then in
 * the properties file named by {@code NOTIFY_CONFIG} (if any), then falls back to the caller's
 * local default. Secrets belong in the environment or in files referenced by {@code *.file} keys.
 */
public final class ConfigSource {

    public static final String CONFIG_FILE_VARIABLE = "NOTIFY_CONFIG";

    private final Map<String, String> values;
    private final Set<String> asked = ConcurrentHashMap.newKeySet();

    private ConfigSource(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** Environment over config file. */
    public static ConfigSource fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    static ConfigSource fromEnvironment(Map<String, String> environment) {
        Map<String, String> merged = new HashMap<>();
        String file = environment.get(CONFIG_FILE_VARIABLE);
        if (file != null && !file.isBlank()) {
            merged.putAll(readProperties(Path.of(file)));
        }
        environment.forEach((name, value) -> {
            if (name.startsWith("NOTIFY_") && !name.equals(CONFIG_FILE_VARIABLE)) {
                merged.put(keyOf(name), value);
            }
        });
        return new ConfigSource(merged);
    }

    public static ConfigSource of(Map<String, String> values) {
        return new ConfigSource(values);
    }

    /** A copy with {@code overrides} taking precedence, for launchers that know endpoints. */
    public ConfigSource with(Map<String, String> overrides) {
        Map<String, String> merged = new HashMap<>(values);
        merged.putAll(overrides);
        return new ConfigSource(merged);
    }

    /** Every setting, for layering one source over another. */
    public Map<String, String> asMap() {
        return values;
    }

    public Optional<String> find(String key) {
        asked.add(key);
        return Optional.ofNullable(values.get(key)).filter(v -> !v.isBlank());
    }

    public String string(String key, String localDefault) {
        return find(key).orElse(localDefault);
    }

    public int integer(String key, int localDefault) {
        return find(key).map(v -> parse(key, v, Integer::parseInt)).orElse(localDefault);
    }

    public long longValue(String key, long localDefault) {
        return find(key).map(v -> parse(key, v, Long::parseLong)).orElse(localDefault);
    }

    public boolean bool(String key, boolean localDefault) {
        return find(key).map(Boolean::parseBoolean).orElse(localDefault);
    }

    /** ISO-8601 ({@code PT5S}) or a plain number of milliseconds. */
    public Duration duration(String key, Duration localDefault) {
        return find(key).map(v -> parse(key, v, ConfigSource::toDuration)).orElse(localDefault);
    }

    /**
     * A secret given inline ({@code key}) or in a file ({@code key.file}); the file wins, so a
     * mounted secret never has to pass through the environment.
     */
    public Optional<String> secret(String key) {
        Optional<String> file = find(key + ".file");
        if (file.isPresent()) {
            try {
                return Optional.of(Files.readString(Path.of(file.get())).strip());
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the secret file named by " + key + ".file", e);
            }
        }
        return find(key);
    }

    /** Every key under {@code prefix.}, with the prefix removed: for pass-through client settings. */
    public Map<String, String> under(String prefix) {
        String dotted = prefix + ".";
        asked.add(dotted + "*");
        Map<String, String> result = new TreeMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith(dotted)) {
                result.put(key.substring(dotted.length()), value);
            }
        });
        return result;
    }

    /**
     * Every key some reader asked for ({@code prefix.*} for pass-through groups): lets a test prove
     * that a deployment file sets only settings the apps actually read.
     */
    public Set<String> askedKeys() {
        return Set.copyOf(asked);
    }

    /** Whether a reader asked for {@code key}, directly or through its pass-through group. */
    public boolean wasAsked(String key) {
        return asked.contains(key) || asked.stream().anyMatch(k -> k.endsWith(".*") && key.startsWith(k.substring(0, k.length() - 1)));
    }

    static String keyOf(String environmentName) {
        return environmentName.substring("NOTIFY_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }

    private static Duration toDuration(String value) {
        return value.startsWith("P") || value.startsWith("p") ? Duration.parse(value) : Duration.ofMillis(Long.parseLong(value));
    }

    private static <T> T parse(String key, String value, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(value.strip());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("setting " + key + " has an unreadable value", e);
        }
    }

    private static Map<String, String> readProperties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read config file " + file, e);
        }
        Map<String, String> result = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> result.put(name, properties.getProperty(name)));
        return result;
    }
}
