package io.notify.delivery.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.notify.runtime.deadletter.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class DeadLetterEntryTest {

    @Test
    void shouldDescribeALetterFromItsHeadersWithoutItsPayload() {
        RecordHeaders headers = new RecordHeaders();
        DeadLetterHeaders.stamp(headers, new DeadLetterHeaders.DeadLetter(
                "retries_exhausted:http:503", Optional.empty(), 4, "notify.sms", 2, 41));
        byte[] payload = "+4915112345678".getBytes(StandardCharsets.UTF_8);
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("notify.sms.dlq", 1, 7, 1_700_000_000_000L,
                TimestampType.CREATE_TIME, 0, payload.length, "u-1", payload, headers, Optional.empty());

        DeadLetterEntry entry = DeadLetterEntry.of(record);

        assertThat(entry.reason()).isEqualTo("retries_exhausted:http:503");
        assertThat(entry.attempt()).isEqualTo(4);
        assertThat(entry.originalTopic()).contains("notify.sms");
        assertThat(entry.originalPartition()).isEqualTo(2);
        assertThat(entry.originalOffset()).isEqualTo(41);
        assertThat(entry.toLine()).contains("notify.sms.dlq-1@7", "notify.sms-2@41").doesNotContain("+4915112345678");
    }

    @Test
    void shouldMatchAReasonByItsCodeOrInFull() {
        DeadLetterEntry entry = new DeadLetterEntry("notify.sms.dlq", 0, 0, Instant.EPOCH,
                "retries_exhausted:http:503", 4, Optional.empty(), Optional.of("notify.sms"), 0, 0);

        assertThat(entry.hasReason("retries_exhausted")).isTrue();
        assertThat(entry.hasReason("retries_exhausted:http:503")).isTrue();
        assertThat(entry.hasReason("retries")).isFalse();
        assertThat(entry.hasReason("undecodable")).isFalse();
    }
}
