package io.notify.enricher.recipients;

import io.notify.enricher.intake.IncomingEvent;
import io.notify.enricher.preferences.UserSettings;

/** An event joined with everything the enricher knows about its recipient: the users row, the devices and the settings. */
public record Recipient(IncomingEvent event, UserProfile user, UserDevices devices, UserSettings settings) {
}
