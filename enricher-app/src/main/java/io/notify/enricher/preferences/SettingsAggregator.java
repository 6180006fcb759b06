package io.notify.enricher.preferences;

import org.apache.kafka.streams.kstream.Aggregator;
import org.apache.kafka.streams.kstream.Initializer;

/** Folds setting rows into one {@link UserSettings} per user; the subtractor removes a changed or deleted row. */
public final class SettingsAggregator {

    private SettingsAggregator() {
    }

    public static Initializer<UserSettings> initializer() {
        return () -> UserSettings.NONE;
    }

    public static Aggregator<String, NotificationSetting, UserSettings> adder() {
        return (userId, setting, settings) -> settings.with(setting);
    }

    public static Aggregator<String, NotificationSetting, UserSettings> subtractor() {
        return (userId, setting, settings) -> settings.without(setting.id());
    }
}
