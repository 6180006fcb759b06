package io.notify.enricher.deadletter;

import io.notify.enricher.intake.Origin;
import io.notify.runtime.deadletter.DeadLetterHeaders;
import io.notify.runtime.deadletter.DeadLetterHeaders.DeadLetter;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Builds dead-letter records: the original key and value bytes, stamped with the shared headers. */
public final class DeadLetterRecords {

    private DeadLetterRecords() {
    }

    /** The original headers (a replay needs them) plus the dead-letter headers. */
    public static Headers headers(Headers original, Rejection rejection) {
        Headers headers = original == null ? new RecordHeaders() : new RecordHeaders(original.toArray());
        Origin origin = rejection.origin();
        DeadLetterHeaders.stamp(headers, new DeadLetter(rejection.reason(), rejection.error(), 0,
                origin.topic(), origin.partition(), origin.offset()));
        return headers;
    }

    public static ProducerRecord<byte[], byte[]> producerRecord(String topic, Headers original, Rejection rejection) {
        return new ProducerRecord<>(topic, null, null, rejection.origin().key(), rejection.origin().value(),
                headers(original, rejection));
    }
}
