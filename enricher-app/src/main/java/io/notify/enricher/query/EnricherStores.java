package io.notify.enricher.query;

import io.notify.enricher.preferences.NotificationSetting;
import io.notify.enricher.recipients.Device;
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

    /** One entry per device, keyed as {@link io.notify.enricher.recipients.ContactKeys} says. */
    ReadOnlyKeyValueStore<String, Device> devices();

    ReadOnlyKeyValueStore<String, NotificationSetting> settings();

    ReadOnlyWindowStore<String, NotificationHistory> notificationLog();

    ReadOnlyWindowStore<String, StatusEntry> userNotifications();
}
