package io.notify.enricher.deadletter;

import io.notify.contract.Topics;
import io.notify.enricher.intake.Origin;
import io.notify.runtime.serde.SchemaRegistryUnavailableException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record the topology produced cannot be written (too large for the broker, refused by its
 * serializer): the input it came from is dead-lettered, as read from its source topic, and the
 * stream goes on. Without this the producer error kills the stream thread, its replacement fails
 * on the same input, and the partition never moves again. A registry outage still fails the task:
 * the same record succeeds once the registry is back, so it must not be dead-lettered.
 */
public final class DeadLetterProductionHandler implements ProductionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProductionHandler.class);

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        return deadLetter(context, record.topic(), exception);
    }

    @Override
    @SuppressWarnings("rawtypes") // the interface declares the record raw
    public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record,
                                             Exception exception, SerializationExceptionOrigin origin) {
        if (isRegistryOutage(exception)) {
            LOG.warn("Schema registry unreachable in task {}; the task fails and retries {}-{}@{}", context.taskId(),
                    context.topic(), context.partition(), context.offset());
            return Response.fail();
        }
        return deadLetter(context, record.topic(), exception);
    }

    private static Response deadLetter(ErrorHandlerContext context, String failedTopic, Exception exception) {
        if (context.topic() == null || failedTopic.endsWith("-changelog")) {
            // No input to dead-letter (a store flush at commit), or a store write: dropping it would
            // leave the changelog behind the store, and a restore would lose it silently.
            LOG.error("A record for {} could not be written in task {} and has no input to dead-letter; the task fails: {}",
                    failedTopic, context.taskId(), exception.getClass().getName());
            return Response.fail();
        }
        if (Topics.EVENTS_DLQ.equals(failedTopic)) {
            // The dead letter itself failed: offering it again would fail again, forever. The input
            // stays readable at its source offset until the topic's retention removes it.
            LOG.error("Dropping a dead letter that could not be written, from {}-{}@{} in task {}: {}", context.topic(),
                    context.partition(), context.offset(), context.taskId(), exception.getClass().getName());
            return Response.resume();
        }
        // Class and reason only: an exception message may quote the record's data.
        LOG.error("Dead-lettering the input of a record that could not be written to {}, from {}-{}@{} in task {}: {} ({})",
                failedTopic, context.topic(), context.partition(), context.offset(), context.taskId(),
                exception.getClass().getName(), DeadLetterReason.PRODUCTION_ERROR);
        Origin origin = new Origin(context.topic(), context.partition(), context.offset(),
                context.sourceRawKey(), context.sourceRawValue());
        Rejection rejection = Rejection.of(DeadLetterReason.PRODUCTION_ERROR, exception, origin);
        return Response.resume(List.of(DeadLetterRecords.producerRecord(Topics.EVENTS_DLQ, context.headers(), rejection)));
    }

    /** Serializers may wrap the registry's failure; look for it anywhere in the chain. */
    private static boolean isRegistryOutage(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof SchemaRegistryUnavailableException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // nothing to configure: the dead-letter topic is part of the contract
    }
}
