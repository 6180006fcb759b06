package io.notify.enricher.deadletter;

/** The values of the {@code notify.dlq.reason} header the enricher writes. */
public final class DeadLetterReason {

    /** Bytes that are not a record of the expected contract (bad framing, unknown schema, not Avro/JSON). */
    public static final String UNDECODABLE = "undecodable";
    public static final String MISSING_EVENT_ID = "missing_event_id";
    /** No recipient at all: an event without key, a request with an empty {@code to}. */
    public static final String MISSING_RECIPIENT = "missing_recipient";
    /** The recipient is not (or no longer) in the users table; replay once CDC has caught up. */
    public static final String UNKNOWN_USER = "unknown_user";
    public static final String NO_TEMPLATE = "no_template";
    /** A template names a variable that neither the event nor the user defines. */
    public static final String MISSING_VARIABLE = "missing_variable";
    /** An unexpected exception in a processor, caught by the processing exception handler. */
    public static final String PROCESSING_ERROR = "processing_error";
    /** A record this input produced could not be written (too large for the broker, not serializable). */
    public static final String PRODUCTION_ERROR = "production_error";

    private DeadLetterReason() {
    }
}
