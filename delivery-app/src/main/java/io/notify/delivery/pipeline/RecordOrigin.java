package io.notify.delivery.pipeline;

import io.notify.runtime.deadletter.DeadLetterHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Where a notification first arrived and how many attempts it has had. A record read from a
 * retry topic carries both in its dead-letter headers; a record from the channel topic is its
 * own origin and is on its first attempt.
 */
public record RecordOrigin(String topic, int partition, long offset, int attempt) {

    public static RecordOrigin of(ConsumerRecord<?, ?> record) {
        var headers = record.headers();
        int previousAttempts = DeadLetterHeaders.read(headers, DeadLetterHeaders.ATTEMPT).map(Integer::parseInt).orElse(0);
        return new RecordOrigin(
                DeadLetterHeaders.read(headers, DeadLetterHeaders.ORIGINAL_TOPIC).orElse(record.topic()),
                DeadLetterHeaders.read(headers, DeadLetterHeaders.ORIGINAL_PARTITION).map(Integer::parseInt).orElse(record.partition()),
                DeadLetterHeaders.read(headers, DeadLetterHeaders.ORIGINAL_OFFSET).map(Long::parseLong).orElse(record.offset()),
                previousAttempts + 1);
    }
}
