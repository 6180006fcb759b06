package io.notify.enricher.schedule;

import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Keys of the schedule's two stores. By due time, {@code zero-padded dueAt NUL userId NUL
 * notificationId}: a range scan up to now returns what is due, oldest first, and a user's
 * notifications due at the same time in id order. By user, {@code userId NUL notificationId}.
 */
final class ScheduleKeys {

    static final StringSerializer SERIALIZER = new StringSerializer();
    private static final char SEPARATOR = '\0';

    private ScheduleKeys() {
    }

    static String byDue(long dueAt, String userId, String notificationId) {
        return due(dueAt) + SEPARATOR + userId + SEPARATOR + notificationId;
    }

    /** The last possible key due at {@code at}: a range scan's inclusive upper end. */
    static String dueUpTo(long at) {
        return due(at) + (char) (SEPARATOR + 1);
    }

    static String byUser(String userId, String notificationId) {
        return userPrefix(userId) + notificationId;
    }

    static String userPrefix(String userId) {
        return userId + SEPARATOR;
    }

    static String notificationOf(String byUserKey) {
        return byUserKey.substring(byUserKey.indexOf(SEPARATOR) + 1);
    }

    private static String due(long at) {
        return String.format("%019d", Math.max(0, at));
    }
}
