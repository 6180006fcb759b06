package io.notify.enricher.intake;

import io.notify.enricher.deadletter.DeadLetterReason;
import io.notify.enricher.deadletter.Rejection;
import io.notify.runtime.serde.SchemaRegistryUnavailableException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Decodes a domain event from {@code events.*} (read as raw bytes so that undecodable records are
 * data, not a dead thread) and checks what every event must have: a recipient key and an eventId.
 * The event type is the Avro schema's full name.
 */
public final class EventIntake implements FixedKeyProcessor<String, byte[], Outcome<IncomingEvent>> {

    static final String EVENT_ID_FIELD = "eventId";
    static final String OCCURRED_AT_FIELD = "occurredAt";

    private final Deserializer<GenericRecord> deserializer;
    private FixedKeyProcessorContext<String, Outcome<IncomingEvent>> context;

    public EventIntake(Deserializer<GenericRecord> deserializer) {
        this.deserializer = deserializer;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Outcome<IncomingEvent>> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        Origin origin = origin(record);
        context.forward(record.withValue(decide(record, origin)));
    }

    private Outcome<IncomingEvent> decide(FixedKeyRecord<String, byte[]> record, Origin origin) {
        GenericRecord event;
        try {
            event = record.value() == null ? null : deserializer.deserialize(origin.topic(), record.headers(), record.value());
        } catch (SchemaRegistryUnavailableException e) {
            // Not the record's fault: the task fails and retries it, from its last commit, once the registry is back.
            throw e;
        } catch (RuntimeException e) {
            return Outcome.rejected(Rejection.of(DeadLetterReason.UNDECODABLE, e, origin));
        }
        if (event == null) {
            return Outcome.rejected(Rejection.of(DeadLetterReason.UNDECODABLE, origin));
        }
        if (record.key() == null || record.key().isBlank()) {
            return Outcome.rejected(Rejection.of(DeadLetterReason.MISSING_RECIPIENT, origin));
        }
        Map<String, Object> fields = EventFields.of(event);
        Object eventId = fields.get(EVENT_ID_FIELD);
        if (!(eventId instanceof String id) || id.isBlank()) {
            return Outcome.rejected(Rejection.of(DeadLetterReason.MISSING_EVENT_ID, origin));
        }
        long occurredAt = occurredAt(event, record.timestamp());
        return Outcome.accepted(new IncomingEvent(id, event.getSchema().getFullName(), record.key(), occurredAt,
                fields, null, null, null, null, null, DeliveryTerms.of(fields, occurredAt), origin));
    }

    /** The event's own {@code occurredAt} when it has one (as long or Instant), else the record timestamp. */
    private static long occurredAt(GenericRecord event, long recordTimestamp) {
        if (event.getSchema().getField(OCCURRED_AT_FIELD) == null) {
            return recordTimestamp;
        }
        Object value = event.get(OCCURRED_AT_FIELD);
        if (value instanceof Long millis) {
            return millis;
        }
        return value instanceof Instant instant ? instant.toEpochMilli() : recordTimestamp;
    }

    private Origin origin(FixedKeyRecord<String, byte[]> record) {
        RecordMetadata metadata = context.recordMetadata().orElseThrow();
        byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
        return new Origin(metadata.topic(), metadata.partition(), metadata.offset(), key, record.value());
    }
}
