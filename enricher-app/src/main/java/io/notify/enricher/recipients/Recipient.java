package io.notify.enricher.recipients;

import io.notify.enricher.intake.IncomingEvent;
import io.notify.enricher.preferences.UserSettings;

/**
 * An event joined with everything the enricher knows about its recipient. {@code user} is null
 * when the users table has no row for the key; devices and settings are never null.
 */
public record Recipient(IncomingEvent event, UserProfile user, UserDevices devices, UserSettings settings) {

    public static Recipient of(IncomingEvent event, UserProfile user) {
        return new Recipient(event, user, UserDevices.NONE, UserSettings.NONE);
    }

    public Recipient withDevices(UserDevices known) {
        return new Recipient(event, user, known == null ? UserDevices.NONE : known, settings);
    }

    public Recipient withSettings(UserSettings known) {
        return new Recipient(event, user, devices, known == null ? UserSettings.NONE : known);
    }

    public boolean isKnownUser() {
        return user != null;
    }
}
