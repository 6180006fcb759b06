package io.notify.enricher.recipients;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Keys of the stores that hold one entry per row of a user (devices, settings, held events):
 * {@code userId NUL zero-padded number}, so one prefix scan returns a user's rows in order and a
 * change touches one entry whatever the number of rows the user has.
 */
public final class ContactKeys {

    static final StringSerializer SERIALIZER = new StringSerializer();
    private static final char SEPARATOR = '\0';

    private ContactKeys() {
    }

    public static String of(String userId, long number) {
        return prefix(userId) + String.format("%020d", number);
    }

    /** Every key of this user, and no key of another user (user ids never contain NUL). */
    public static String prefix(String userId) {
        return userId + SEPARATOR;
    }

    public static String userOf(String key) {
        return key.substring(0, key.indexOf(SEPARATOR));
    }

    public static long numberOf(String key) {
        return Long.parseLong(key.substring(key.indexOf(SEPARATOR) + 1));
    }

    /** One user's rows, in row-id order. */
    public static <V> List<V> rowsOf(ReadOnlyKeyValueStore<String, V> store, String userId) {
        List<V> rows = new ArrayList<>();
        try (KeyValueIterator<String, V> scan = store.prefixScan(prefix(userId), SERIALIZER)) {
            scan.forEachRemaining(entry -> rows.add(entry.value));
        }
        return rows;
    }
}
