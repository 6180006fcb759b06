package io.notify.enricher.support;

import io.notify.enricher.TopologyNames;
import io.notify.enricher.preferences.NotificationSetting;
import io.notify.enricher.query.EnricherStores;
import io.notify.enricher.recipients.Device;
import io.notify.enricher.recipients.UserProfile;
import io.notify.enricher.status.NotificationHistory;
import io.notify.enricher.status.StatusEntry;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/** The enricher's stores inside a {@code TopologyTestDriver}, for the query layer's tests. */
public final class DriverStores implements EnricherStores {

    private final TopologyTestDriver driver;

    public DriverStores(TopologyTestDriver driver) {
        this.driver = driver;
    }

    @Override
    public ReadOnlyKeyValueStore<String, UserProfile> users() {
        return driver.getKeyValueStore(TopologyNames.USERS_STORE);
    }

    @Override
    public ReadOnlyKeyValueStore<String, Device> devices() {
        return driver.getKeyValueStore(TopologyNames.DEVICES_STORE);
    }

    @Override
    public ReadOnlyKeyValueStore<String, NotificationSetting> settings() {
        return driver.getKeyValueStore(TopologyNames.SETTINGS_STORE);
    }

    @Override
    public ReadOnlyWindowStore<String, NotificationHistory> notificationLog() {
        return driver.getWindowStore(TopologyNames.NOTIFICATION_LOG_STORE);
    }

    @Override
    public ReadOnlyWindowStore<String, StatusEntry> userNotifications() {
        return driver.getWindowStore(TopologyNames.USER_NOTIFICATIONS_STORE);
    }
}
