package io.notify.enricher.status;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The statuses of one notification in the order they occurred, at most {@code cap} of them (the
 * oldest are dropped first; a notification that keeps retrying must not grow without bound).
 * {@code firstSeenAt} is the window the history is stored under.
 */
public record NotificationHistory(String notificationId, long firstSeenAt, List<StatusEntry> statuses) {

    public NotificationHistory {
        statuses = List.copyOf(statuses);
    }

    public static NotificationHistory start(StatusEntry entry) {
        return new NotificationHistory(entry.notificationId(), entry.occurredAt(), List.of(entry));
    }

    public NotificationHistory with(StatusEntry entry, int cap) {
        List<StatusEntry> next = new ArrayList<>(statuses);
        if (next.contains(entry)) {
            return this;
        }
        next.add(entry);
        // Stable sort: statuses with equal timestamps keep their arrival order.
        next.sort(Comparator.comparingLong(StatusEntry::occurredAt));
        if (next.size() > cap) {
            next = next.subList(next.size() - cap, next.size());
        }
        return new NotificationHistory(notificationId, firstSeenAt, next);
    }

    @JsonIgnore
    public StatusEntry latest() {
        return statuses.get(statuses.size() - 1);
    }
}
