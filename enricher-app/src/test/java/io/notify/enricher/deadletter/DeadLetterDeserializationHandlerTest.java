package io.notify.enricher.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.notify.contract.Topics;
import io.notify.runtime.deadletter.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.junit.jupiter.api.Test;

class DeadLetterDeserializationHandlerTest {

    @Test
    void shouldResumeAndDeadLetterTheOriginalBytesWithTheirOrigin() {
        byte[] key = "42".getBytes(StandardCharsets.UTF_8);
        byte[] value = "{not json".getBytes(StandardCharsets.UTF_8);
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(Topics.CDC_DEVICES, 3, 17L, key, value);

        DeserializationExceptionHandler.Response response = new DeadLetterDeserializationHandler()
                .handleError(null, record, new SerializationException("bad row"));

        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).hasSize(1);
        ProducerRecord<byte[], byte[]> dead = response.deadLetterQueueRecords().get(0);
        assertThat(dead.topic()).isEqualTo(Topics.EVENTS_DLQ);
        assertThat(dead.key()).isEqualTo(key);
        assertThat(dead.value()).isEqualTo(value);
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.REASON)).contains(DeadLetterReason.UNDECODABLE);
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.ERROR_CLASS)).contains(SerializationException.class.getName());
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.ORIGINAL_TOPIC)).contains(Topics.CDC_DEVICES);
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.ORIGINAL_PARTITION)).contains("3");
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.ORIGINAL_OFFSET)).contains("17");
    }
}
