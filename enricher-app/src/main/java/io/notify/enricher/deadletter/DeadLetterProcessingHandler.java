package io.notify.enricher.deadletter;

import io.notify.contract.Topics;
import io.notify.enricher.intake.Origin;
import io.notify.runtime.serde.SchemaRegistryUnavailableException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last line of defence: an unexpected exception in any processor dead-letters the source
 * record (its raw bytes, as read from the source topic of the failing sub-topology) and the
 * stream goes on. Expected refusals (unknown user, no template, ...) never get here: they are
 * branched explicitly as {@link Rejection}s.
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (exception instanceof SchemaRegistryUnavailableException) {
            LOG.warn("Schema registry unreachable in task {}; the task fails and retries {}-{}@{}", context.taskId(),
                    context.topic(), context.partition(), context.offset());
            return Response.fail();
        }
        // Class and failing frame only: an exception message may quote the record's data.
        StackTraceElement[] frames = exception.getStackTrace();
        LOG.error("Dead-lettering a record that failed in processor {} of task {} ({}-{}@{}): {} at {}",
                context.processorNodeId(), context.taskId(), context.topic(), context.partition(), context.offset(),
                exception.getClass().getName(), frames.length > 0 ? frames[0] : "unknown");
        Origin origin = new Origin(context.topic(), context.partition(), context.offset(),
                context.sourceRawKey(), context.sourceRawValue());
        Rejection rejection = Rejection.of(DeadLetterReason.PROCESSING_ERROR, exception, origin);
        return Response.resume(List.of(DeadLetterRecords.producerRecord(Topics.EVENTS_DLQ, context.headers(), rejection)));
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // nothing to configure: the dead-letter topic is part of the contract
    }
}
