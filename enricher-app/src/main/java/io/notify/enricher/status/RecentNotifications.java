package io.notify.enricher.status;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The latest status of each of a user's notifications seen in one day, newest first, at most
 * {@code cap} of them.
 */
public record RecentNotifications(List<StatusEntry> latest) {

    public static final RecentNotifications NONE = new RecentNotifications(List.of());

    public RecentNotifications {
        latest = List.copyOf(latest);
    }

    public RecentNotifications with(StatusEntry entry, int cap) {
        return merge(List.of(this, new RecentNotifications(List.of(entry))), cap);
    }

    /** One entry per notification (its newest status), newest first, at most {@code cap}. */
    public static RecentNotifications merge(List<RecentNotifications> parts, int cap) {
        Map<String, StatusEntry> byId = new LinkedHashMap<>();
        for (RecentNotifications part : parts) {
            for (StatusEntry entry : part.latest()) {
                byId.merge(entry.notificationId(), entry, (a, b) -> b.occurredAt() >= a.occurredAt() ? b : a);
            }
        }
        List<StatusEntry> sorted = new ArrayList<>(byId.values());
        sorted.sort(Comparator.comparingLong(StatusEntry::occurredAt).reversed());
        return new RecentNotifications(sorted.subList(0, Math.min(cap, sorted.size())));
    }
}
