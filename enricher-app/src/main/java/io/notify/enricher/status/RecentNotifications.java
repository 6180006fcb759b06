package io.notify.enricher.status;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A user's recent notifications: the store keeps one entry per notification and day under
 * {@link #key}, so a status costs one small write however many notifications the user has; the
 * newest-first list and its cap are made when a query reads the user's key range.
 */
public final class RecentNotifications {

    // Sorts between a user id and any notification id, and no user id contains it.
    private static final char SEPARATOR = '\u0000';
    private static final char AFTER_ANY_ID = '\uffff';

    private RecentNotifications() {
    }

    /** The store key of one notification of one user. */
    public static String key(String userId, String notificationId) {
        return userId + SEPARATOR + notificationId;
    }

    /** The lowest store key of the user's notifications. */
    public static String firstKeyOf(String userId) {
        return userId + SEPARATOR;
    }

    /** A key above every store key of the user's notifications (and below any other user's). */
    public static String lastKeyOf(String userId) {
        return userId + SEPARATOR + AFTER_ANY_ID;
    }

    /** One entry per notification (its newest status), newest first, at most {@code cap}. */
    public static List<StatusEntry> newest(Iterable<StatusEntry> entries, int cap) {
        Map<String, StatusEntry> byId = new LinkedHashMap<>();
        for (StatusEntry entry : entries) {
            byId.merge(entry.notificationId(), entry, (a, b) -> b.occurredAt() >= a.occurredAt() ? b : a);
        }
        List<StatusEntry> sorted = new ArrayList<>(byId.values());
        sorted.sort(Comparator.comparingLong(StatusEntry::occurredAt).reversed());
        return List.copyOf(sorted.subList(0, Math.min(cap, sorted.size())));
    }
}
