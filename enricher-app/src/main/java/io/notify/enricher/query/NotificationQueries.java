package io.notify.enricher.query;

import io.notify.enricher.preferences.NotificationSetting;
import io.notify.enricher.recipients.ContactKeys;
import io.notify.enricher.recipients.Device;
import io.notify.enricher.recipients.UserProfile;
import io.notify.enricher.status.NotificationHistory;
import io.notify.enricher.status.NotificationLogWriter;
import io.notify.enricher.status.RecentNotifications;
import io.notify.enricher.status.StatusEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;

/** Answers the three questions of the HTTP API from this instance's local stores. */
public final class NotificationQueries {

    /** What the enricher knows about a user: the row, the devices and the settings it routes with. */
    public record UserView(UserProfile user, List<Device> devices, List<NotificationSetting> settings) {
    }

    private final EnricherStores stores;
    private final Clock clock;
    private final Duration retention;
    private final int recentCap;

    public NotificationQueries(EnricherStores stores, Clock clock, Duration retention, int recentCap) {
        this.stores = stores;
        this.clock = clock;
        this.retention = retention;
        this.recentCap = recentCap;
    }

    public Optional<UserView> user(String userId) {
        UserProfile user = stores.users().get(userId);
        if (user == null) {
            return Optional.empty();
        }
        return Optional.of(new UserView(user, ContactKeys.rowsOf(stores.devices(), userId),
                ContactKeys.rowsOf(stores.settings(), userId)));
    }

    /** Newest first; empty when the user had no notification within the retention. */
    public Optional<List<StatusEntry>> notificationsOf(String userId) {
        Instant now = clock.instant();
        List<StatusEntry> entries = new ArrayList<>();
        try (KeyValueIterator<Windowed<String>, StatusEntry> windows = stores.userNotifications().fetch(
                RecentNotifications.firstKeyOf(userId), RecentNotifications.lastKeyOf(userId),
                now.minus(retention), now.plus(Duration.ofDays(1)))) {
            windows.forEachRemaining(window -> entries.add(window.value));
        }
        return entries.isEmpty() ? Optional.empty() : Optional.of(RecentNotifications.newest(entries, recentCap));
    }

    public Optional<NotificationHistory> notification(String notificationId) {
        return Optional.ofNullable(NotificationLogWriter.find(stores.notificationLog(), notificationId,
                clock.millis(), retention.toMillis()));
    }
}
