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

    /** Not handed to a provider before its {@code expiresAt} (or time to live). */
    public static final String EXPIRED = "expired";
    /** Held, and cancelled by a later event of the user whose {@code cancels} named its cancellation key. */
    public static final String CANCELLED = "cancelled";
    /** Held, and replaced by a newer notification with the same collapse key to the same address. */
    public static final String COLLAPSED = "collapsed";
    /** Its send-at is further ahead than {@code enricher.schedule.max.delay}. */
    public static final String SEND_AT_TOO_FAR = "send_at_too_far";
    /** The schedule of its task or its user is full ({@code enricher.schedule.held.*}). */
    public static final String SCHEDULE_FULL = "schedule_full";

    private SuppressionReason() {
    }
}
