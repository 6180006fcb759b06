package io.notify.enricher.deadletter;

import io.notify.enricher.intake.Origin;
import io.notify.contract.Topics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Catches records that Kafka Streams itself cannot deserialize (a corrupt CDC row, a foreign record
 * on a contract topic) and sends them to the dead-letter topic with the shared headers, in the same
 * transaction, instead of stopping the stream thread. Events and requests are read as raw bytes and
 * decoded by the intake steps, so this is the safety net for every other source.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        LOG.warn("Dead-lettering an undecodable record from {}-{}@{}: {}", record.topic(), record.partition(),
                record.offset(), exception.getClass().getName());
        Origin origin = new Origin(record.topic(), record.partition(), record.offset(), record.key(), record.value());
        Rejection rejection = Rejection.of(DeadLetterReason.UNDECODABLE, exception, origin);
        return Response.resume(List.of(DeadLetterRecords.producerRecord(Topics.EVENTS_DLQ, record.headers(), rejection)));
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // nothing to configure: the dead-letter topic is part of the contract
    }
}
