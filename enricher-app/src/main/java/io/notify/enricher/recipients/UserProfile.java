package io.notify.enricher.recipients;

/**
 * A row of the users table as the enricher holds it; personal data, never logged.
 *
 * @param quietHours {@code HH:MM-HH:MM} in {@code timezone}, or null (see {@code QuietHours})
 */
public record UserProfile(String id, String email, String phoneNumber, String locale, String timezone, String quietHours) {
}
