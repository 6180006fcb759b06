package io.notify.enricher.deadletter;

import static io.notify.runtime.deadletter.DeadLetterHeaders.ERROR_CLASS;
import static io.notify.runtime.deadletter.DeadLetterHeaders.ORIGINAL_OFFSET;
import static io.notify.runtime.deadletter.DeadLetterHeaders.ORIGINAL_PARTITION;
import static io.notify.runtime.deadletter.DeadLetterHeaders.ORIGINAL_TOPIC;
import static io.notify.runtime.deadletter.DeadLetterHeaders.REASON;
import static org.assertj.core.api.Assertions.assertThat;

import io.notify.contract.Topics;
import io.notify.enricher.support.Channels;
import io.notify.enricher.support.EnricherHarness;
import io.notify.runtime.deadletter.DeadLetterHeaders;
import io.notify.schemas.NotificationRequested;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

    private EnricherHarness enricher;

    @BeforeEach
    void start() {
        enricher = EnricherHarness.start();
        enricher.user("u-1", "ada@example.com", null, "en");
        Channels.orderShippedTemplates(enricher, 1, "en", "shipping");
    }

    @AfterEach
    void stop() {
        enricher.close();
    }

    @Test
    void shouldDeadLetterBytesThatDoNotDecodeWithTheirOriginAndKeepGoing() {
        byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
        enricher.rawShopEvents.pipeInput("u-1", garbage);
        enricher.ship("e-1", "u-1");

        TestRecord<byte[], byte[]> dead = enricher.deadLetters.readRecord();
        assertThat(dead.value()).isEqualTo(garbage);
        assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("u-1");
        assertThat(header(dead.headers(), REASON)).isEqualTo(DeadLetterReason.UNDECODABLE);
        assertThat(header(dead.headers(), ERROR_CLASS)).isNotBlank();
        assertThat(header(dead.headers(), ORIGINAL_TOPIC)).isEqualTo(Topics.EVENTS_SHOP);
        assertThat(header(dead.headers(), ORIGINAL_PARTITION)).isEqualTo("0");
        assertThat(header(dead.headers(), ORIGINAL_OFFSET)).isEqualTo("0");
        assertThat(enricher.email.readValuesToList()).hasSize(1);
    }

    @Test
    void shouldDeadLetterAFramedRecordWithAnUnknownSchemaId() {
        byte[] unknownSchema = {0, 0, 0, 0, 99, 1, 2, 3};
        enricher.rawShopEvents.pipeInput("u-1", unknownSchema);

        assertThat(header(enricher.deadLetters.readRecord().headers(), REASON)).isEqualTo(DeadLetterReason.UNDECODABLE);
    }

    @Test
    void shouldDeadLetterAnEventWithoutEventId() {
        Schema schema = SchemaBuilder.record("Pinged").namespace("io.notify.events.test").fields()
                .requiredString("userId").endRecord();
        GenericRecord event = new GenericData.Record(schema);
        event.put("userId", "u-1");

        enricher.shopEvents.pipeInput("u-1", event);

        assertThat(header(enricher.deadLetters.readRecord().headers(), REASON)).isEqualTo(DeadLetterReason.MISSING_EVENT_ID);
    }

    @Test
    void shouldDeadLetterAnEventWithoutRecipientKey() {
        enricher.shopEvents.pipeInput(null, EnricherHarness.orderShipped("e-1", "u-1"));

        assertThat(header(enricher.deadLetters.readRecord().headers(), REASON)).isEqualTo(DeadLetterReason.MISSING_RECIPIENT);
    }

    @Test
    void shouldDeadLetterAnEventTypeWithoutTemplate() {
        Schema schema = SchemaBuilder.record("Unheard").namespace("io.notify.events.test").fields()
                .requiredString("eventId").endRecord();
        GenericRecord event = new GenericData.Record(schema);
        event.put("eventId", "e-9");

        enricher.shopEvents.pipeInput("u-1", event);

        TestRecord<byte[], byte[]> dead = enricher.deadLetters.readRecord();
        assertThat(header(dead.headers(), REASON)).isEqualTo(DeadLetterReason.NO_TEMPLATE);
        assertThat(enricher.registry.generic().deserializer().deserialize(Topics.EVENTS_SHOP, dead.value()))
                .isEqualTo(event);
    }

    @Test
    void shouldDeadLetterAnEventForAnUnknownUser() {
        enricher.ship("e-1", "u-404");
        enricher.waitOutContactData();

        TestRecord<byte[], byte[]> dead = enricher.deadLetters.readRecord();
        assertThat(header(dead.headers(), REASON)).isEqualTo(DeadLetterReason.UNKNOWN_USER);
        assertThat(header(dead.headers(), ORIGINAL_TOPIC)).isEqualTo(Topics.EVENTS_SHOP);
    }

    @Test
    void shouldDeadLetterARequestWithoutRecipients() {
        enricher.requests.pipeInput("r-1", NotificationRequested.newBuilder()
                .setEventId("r-1").setTo(List.of()).setFrom("shop@example.com").setSubject("s").setContent(List.of())
                .build());

        assertThat(header(enricher.deadLetters.readRecord().headers(), REASON)).isEqualTo(DeadLetterReason.MISSING_RECIPIENT);
    }

    @Test
    void shouldKeepRoutingAfterAnUnreadableCdcRow() {
        // The row itself goes through DeadLetterDeserializationHandler (see its own test):
        // TopologyTestDriver does not capture records that handler returns.
        enricher.users.pipeInput("u-2", "{not json");

        enricher.ship("e-1", "u-1");

        assertThat(enricher.email.readValuesToList()).hasSize(1);
    }

    @Test
    void shouldCountDeadLettersPerReason() {
        enricher.ship("e-1", "u-404");
        enricher.ship("e-2", "u-404");
        enricher.waitOutContactData();

        assertThat(enricher.counter("notify.enricher.dead.letters", "reason", DeadLetterReason.UNKNOWN_USER)).isEqualTo(2.0);
    }

    private static String header(Headers headers, String name) {
        return DeadLetterHeaders.read(headers, name).orElse(null);
    }
}
