package io.notify.enricher.preferences;

/** A row of notification_settings: one opt-in or opt-out of one user for a channel and category. */
public record NotificationSetting(long id, String userId, String channel, String category, boolean optIn) {
}
