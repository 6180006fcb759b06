package io.notify.enricher.query;

import io.notify.enricher.TopologyNames;
import io.notify.enricher.preferences.NotificationSetting;
import io.notify.enricher.recipients.Device;
import io.notify.enricher.recipients.UserProfile;
import io.notify.enricher.status.NotificationHistory;
import io.notify.enricher.status.StatusEntry;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/** The local stores of a running {@link KafkaStreams}, active replicas only (no stale reads). */
public final class KafkaStreamsStores implements EnricherStores {

    private final KafkaStreams streams;

    public KafkaStreamsStores(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public ReadOnlyKeyValueStore<String, UserProfile> users() {
        return streams.store(StoreQueryParameters.fromNameAndType(TopologyNames.USERS_STORE, QueryableStoreTypes.keyValueStore()));
    }

    @Override
    public ReadOnlyKeyValueStore<String, Device> devices() {
        return streams.store(StoreQueryParameters.fromNameAndType(TopologyNames.DEVICES_STORE, QueryableStoreTypes.keyValueStore()));
    }

    @Override
    public ReadOnlyKeyValueStore<String, NotificationSetting> settings() {
        return streams.store(StoreQueryParameters.fromNameAndType(TopologyNames.SETTINGS_STORE, QueryableStoreTypes.keyValueStore()));
    }

    @Override
    public ReadOnlyWindowStore<String, NotificationHistory> notificationLog() {
        return streams.store(StoreQueryParameters.fromNameAndType(TopologyNames.NOTIFICATION_LOG_STORE, QueryableStoreTypes.windowStore()));
    }

    @Override
    public ReadOnlyWindowStore<String, StatusEntry> userNotifications() {
        return streams.store(StoreQueryParameters.fromNameAndType(TopologyNames.USER_NOTIFICATIONS_STORE, QueryableStoreTypes.windowStore()));
    }
}
