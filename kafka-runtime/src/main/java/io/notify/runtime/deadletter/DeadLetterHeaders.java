package io.notify.runtime.deadletter;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The headers every dead-letter and retry record carries, whichever app wrote it, so that one
 * tool can list and replay them all. Values are UTF-8 strings; never personal data.
 */
public final class DeadLetterHeaders {

    public static final String REASON = "notify.dlq.reason";
    public static final String ERROR_CLASS = "notify.dlq.error.class";
    public static final String ERROR_MESSAGE = "notify.dlq.error.message";
    public static final String ATTEMPT = "notify.dlq.attempt";
    public static final String ORIGINAL_TOPIC = "notify.dlq.original.topic";
    public static final String ORIGINAL_PARTITION = "notify.dlq.original.partition";
    public static final String ORIGINAL_OFFSET = "notify.dlq.original.offset";

    private DeadLetterHeaders() {
    }

    /** Stamps the failure onto {@code headers}, replacing earlier values of the same names. */
    public static void stamp(Headers headers, DeadLetter failure) {
        put(headers, REASON, failure.reason());
        failure.error().ifPresent(error -> {
            put(headers, ERROR_CLASS, error.getClass().getName());
            put(headers, ERROR_MESSAGE, String.valueOf(error.getMessage()));
        });
        put(headers, ATTEMPT, Integer.toString(failure.attempt()));
        put(headers, ORIGINAL_TOPIC, failure.topic());
        put(headers, ORIGINAL_PARTITION, Integer.toString(failure.partition()));
        put(headers, ORIGINAL_OFFSET, Long.toString(failure.offset()));
    }

    public static Optional<String> read(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null
                ? Optional.empty()
                : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Why a record could not be processed, and where it came from. */
    public record DeadLetter(String reason, Optional<Throwable> error, int attempt, String topic, int partition, long offset) {
    }
}
