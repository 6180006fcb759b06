package io.notify.enricher.routing;

/** The reasons a SUPPRESSED status carries when the enricher decides not to send on a channel. */
public final class SuppressionReason {

    public static final String OPTED_OUT = "opted_out";
    public static final String RATE_LIMITED = "rate_limited";
    public static final String INVALID_RECIPIENT = "invalid_recipient";

    private SuppressionReason() {
    }
}
