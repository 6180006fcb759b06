package io.notify.enricher.recipients;

/**
 * One address a channel notification goes to: a device token, a phone number or an email address.
 * {@code invalidReason} is set when the address cannot be used.
 */
public record Target(String address, String invalidReason) {

    /** Stands for the missing address of a channel the user cannot be reached on: one status, no record. */
    public static final Target NONE = new Target("", null);

    public boolean isValid() {
        return invalidReason == null;
    }
}
