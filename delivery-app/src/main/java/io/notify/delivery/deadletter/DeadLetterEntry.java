package io.notify.delivery.deadletter;

import io.notify.runtime.deadletter.DeadLetterHeaders;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What a dead letter says about itself, read from its headers only: never the payload, which
 * holds personal data.
 */
public record DeadLetterEntry(
        String topic, int partition, long offset, Instant timestamp,
        String reason, int attempt, Optional<String> errorClass,
        Optional<String> originalTopic, int originalPartition, long originalOffset) {

    public static final String UNKNOWN_REASON = "unknown";

    public static DeadLetterEntry of(ConsumerRecord<?, ?> record) {
        var headers = record.headers();
        return new DeadLetterEntry(
                record.topic(), record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()),
                DeadLetterHeaders.read(headers, DeadLetterHeaders.REASON).orElse(UNKNOWN_REASON),
                DeadLetterHeaders.read(headers, DeadLetterHeaders.ATTEMPT).map(Integer::parseInt).orElse(0),
                DeadLetterHeaders.read(headers, DeadLetterHeaders.ERROR_CLASS),
                DeadLetterHeaders.read(headers, DeadLetterHeaders.ORIGINAL_TOPIC),
                DeadLetterHeaders.read(headers, DeadLetterHeaders.ORIGINAL_PARTITION).map(Integer::parseInt).orElse(-1),
                DeadLetterHeaders.read(headers, DeadLetterHeaders.ORIGINAL_OFFSET).map(Long::parseLong).orElse(-1L));
    }

    /** A reason filter matches the whole reason or its code before the first ':' ({@code retries_exhausted}). */
    public boolean hasReason(String wanted) {
        return reason.equals(wanted) || reason.startsWith(wanted + ":");
    }

    /** One line for the CLI: coordinates and headers, tab-separated. */
    public String toLine() {
        return String.join("\t", topic + "-" + partition + "@" + offset, timestamp.toString(), reason,
                Integer.toString(attempt), originalTopic.orElse("?") + "-" + originalPartition + "@" + originalOffset,
                errorClass.orElse(""));
    }
}
