package io.notify.delivery.provider.tracking;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last n event ids seen, for dropping webhook redeliveries (both providers deliver
 * at least once). Bounded, so memory stays flat; a duplicate older than the window passes, and
 * the status topic's consumers tolerate a repeated state.
 */
final class RecentEventIds {

    private final Map<String, Boolean> seen;

    RecentEventIds(int capacity) {
        this.seen = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True the first time an id is offered. */
    synchronized boolean firstSighting(String eventId) {
        return seen.put(eventId, Boolean.TRUE) == null;
    }
}
