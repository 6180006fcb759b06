package io.notify.enricher.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.notify.enricher.support.Channels;
import io.notify.enricher.support.EnricherHarness;
import io.notify.runtime.deadletter.DeadLetterHeaders;
import io.notify.schemas.SmsNotification;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An output that cannot be written dead-letters its input, and the partition goes on with the next one. */
class ProductionErrorTest {

    private EnricherHarness enricher;

    @BeforeEach
    void start() {
        enricher = EnricherHarness.start();
        enricher.user("u-1", "ada@example.com", "+41446681800", "en");
        Channels.orderShippedTemplates(enricher, 1, "en", "shipping");
    }

    @AfterEach
    void stop() {
        enricher.close();
    }

    @Test
    void shouldDeadLetterTheEventWhoseSmsCannotBeWrittenAndRouteTheNextEvent() {
        enricher.registry.refuseNextWrite(SmsNotification.getClassSchema());

        enricher.ship("e-1", "u-1");
        enricher.ship("e-2", "u-1");

        TestRecord<byte[], byte[]> dead = enricher.deadLetters.readRecord();
        assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("u-1");
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.REASON)).contains(DeadLetterReason.PRODUCTION_ERROR);
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.ORIGINAL_OFFSET)).contains("0");
        assertThat(enricher.deadLetters.isEmpty()).isTrue();
        assertThat(enricher.sms.readValuesToList()).extracting(sms -> sms.getMeta().getSourceEventId().toString())
                .containsExactly("e-2");
        assertThat(enricher.email.readValuesToList()).extracting(email -> email.getMeta().getSourceEventId().toString())
                .containsExactly("e-1", "e-2");
    }
}
