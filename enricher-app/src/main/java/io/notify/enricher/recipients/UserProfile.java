package io.notify.enricher.recipients;

/** A row of the users table as the enricher holds it; personal data, never logged. */
public record UserProfile(String id, String email, String phoneNumber, String locale, String timezone) {
}
