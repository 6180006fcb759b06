package io.notify.enricher.preferences;

import io.notify.enricher.EnricherSettings;
import io.notify.schemas.Channel;

/**
 * Decides whether a user wants a category on a channel: transactional categories always go,
 * otherwise the user's row, otherwise the configured default.
 */
public final class OptInPolicy {

    private final EnricherSettings settings;

    public OptInPolicy(EnricherSettings settings) {
        this.settings = settings;
    }

    public boolean allows(UserSettings userSettings, Channel channel, String category) {
        if (settings.isTransactional(category)) {
            return true;
        }
        return userSettings.optIn(channel, category).orElse(settings.defaultOptIn());
    }
}
