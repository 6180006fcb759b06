package io.notify.enricher.routing;

/** The reasons a SUPPRESSED status carries when the enricher decides not to send on a channel. */
public final class SuppressionReason {

    public static final String OPTED_OUT = "opted_out";
    public static final String RATE_LIMITED = "rate_limited";
    public static final String INVALID_RECIPIENT = "invalid_recipient";
    /** The event has content for the channel, but the user has no address on it (no device, phone or email). */
    public static final String NO_ADDRESS = "no_address";
    /** The user has an address on the channel, but no template renders the event for it. */
    public static final String NO_TEMPLATE = "no_template";
    /** The rendered message is over what the channel's provider accepts (see {@code PayloadLimit}). */
    public static final String PAYLOAD_TOO_LARGE = "payload_too_large";

    private SuppressionReason() {
    }
}
