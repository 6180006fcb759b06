package io.notify.enricher.query;

import io.notify.enricher.preferences.UserSettings;
import io.notify.enricher.recipients.UserDevices;
import io.notify.enricher.recipients.UserProfile;
import io.notify.enricher.status.NotificationHistory;
import io.notify.enricher.status.StatusEntry;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * The queryable stores of this instance. Each call may throw
 * {@link org.apache.kafka.streams.errors.InvalidStateStoreException} while the store migrates.
 */
public interface EnricherStores {

    ReadOnlyKeyValueStore<String, UserProfile> users();

    ReadOnlyKeyValueStore<String, UserDevices> devices();

    ReadOnlyKeyValueStore<String, UserSettings> settings();

    ReadOnlyWindowStore<String, NotificationHistory> notificationLog();

    ReadOnlyWindowStore<String, StatusEntry> userNotifications();
}
