package io.notify.enricher.intake;

import io.notify.enricher.deadletter.DeadLetterReason;
import io.notify.enricher.deadletter.Rejection;
import io.notify.runtime.serde.SchemaRegistryUnavailableException;
import io.notify.schemas.Content;
import io.notify.schemas.NotificationRequested;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Decodes a {@code NotificationRequested} and fans it out: one {@link IncomingEvent} per distinct
 * user in {@code to}, re-keyed by that user. A rejected request keeps its original key.
 */
public final class RequestIntake implements Processor<String, byte[], String, Outcome<IncomingEvent>> {

    public static final String EVENT_TYPE = NotificationRequested.getClassSchema().getFullName();
    private static final String TEXT = "text/plain";
    private static final String HTML = "text/html";

    private final Deserializer<NotificationRequested> deserializer;
    private ProcessorContext<String, Outcome<IncomingEvent>> context;

    public RequestIntake(Deserializer<NotificationRequested> deserializer) {
        this.deserializer = deserializer;
    }

    @Override
    public void init(ProcessorContext<String, Outcome<IncomingEvent>> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        Origin origin = origin(record);
        NotificationRequested request;
        try {
            request = record.value() == null ? null : deserializer.deserialize(origin.topic(), record.headers(), record.value());
        } catch (SchemaRegistryUnavailableException e) {
            // Not the record's fault: the task fails and retries it, from its last commit, once the registry is back.
            throw e;
        } catch (RuntimeException e) {
            reject(record, Rejection.of(DeadLetterReason.UNDECODABLE, e, origin));
            return;
        }
        if (request == null) {
            reject(record, Rejection.of(DeadLetterReason.UNDECODABLE, origin));
            return;
        }
        if (request.getEventId() == null || request.getEventId().isBlank()) {
            reject(record, Rejection.of(DeadLetterReason.MISSING_EVENT_ID, origin));
            return;
        }
        List<String> recipients = request.getTo().stream().filter(to -> to != null && !to.isBlank()).distinct().toList();
        if (recipients.isEmpty()) {
            reject(record, Rejection.of(DeadLetterReason.MISSING_RECIPIENT, origin));
            return;
        }
        for (String userId : recipients) {
            IncomingEvent event = toEvent(request, userId, record.timestamp(), origin);
            context.forward(record.withKey(userId).withValue(Outcome.accepted(event)));
        }
    }

    private IncomingEvent toEvent(NotificationRequested request, String userId, long timestamp, Origin origin) {
        Map<String, Object> fields = new LinkedHashMap<>(request.getTemplateData());
        fields.putIfAbsent("subject", request.getSubject());
        VerbatimContent verbatim = request.getTemplateId() == null
                ? new VerbatimContent(request.getSubject(), content(request, TEXT).orElse(""), content(request, HTML).orElse(null))
                : null;
        String priority = request.getPriority() == null ? null : request.getPriority().name();
        return new IncomingEvent(request.getEventId(), EVENT_TYPE, userId, timestamp, fields, request.getTemplateId(),
                verbatim, request.getCategory(), priority, request.getFrom(), DeliveryTerms.of(request, timestamp), origin);
    }

    private static Optional<String> content(NotificationRequested request, String mimeType) {
        return request.getContent().stream()
                .filter(c -> mimeType.equalsIgnoreCase(c.getType()))
                .map(Content::getValue)
                .findFirst();
    }

    private void reject(Record<String, byte[]> record, Rejection rejection) {
        context.forward(record.withValue(Outcome.rejected(rejection)));
    }

    private Origin origin(Record<String, byte[]> record) {
        RecordMetadata metadata = context.recordMetadata().orElseThrow();
        byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
        return new Origin(metadata.topic(), metadata.partition(), metadata.offset(), key, record.value());
    }
}
