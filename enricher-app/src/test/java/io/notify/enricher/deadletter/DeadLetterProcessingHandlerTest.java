package io.notify.enricher.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.notify.contract.Topics;
import io.notify.runtime.deadletter.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class DeadLetterProcessingHandlerTest {

    private record SourceRecordContext(byte[] sourceRawKey, byte[] sourceRawValue) implements ErrorHandlerContext {
        @Override public String topic() { return Topics.EVENTS_SHOP; }
        @Override public int partition() { return 2; }
        @Override public long offset() { return 99; }
        @Override public Headers headers() { return new RecordHeaders(); }
        @Override public String processorNodeId() { return "resolve-content"; }
        @Override public TaskId taskId() { return new TaskId(0, 2); }
        @Override public long timestamp() { return 0; }
    }

    @Test
    void shouldResumeAndDeadLetterTheSourceBytesOfAFailedRecord() {
        byte[] key = "u-1".getBytes(StandardCharsets.UTF_8);
        byte[] value = {0, 0, 0, 0, 1, 42};

        ProcessingExceptionHandler.Response response = new DeadLetterProcessingHandler().handleError(
                new SourceRecordContext(key, value), new Record<>("u-1", "decoded", 0L), new IllegalStateException("bug"));

        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
        ProducerRecord<byte[], byte[]> dead = response.deadLetterQueueRecords().get(0);
        assertThat(dead.topic()).isEqualTo(Topics.EVENTS_DLQ);
        assertThat(dead.key()).isEqualTo(key);
        assertThat(dead.value()).isEqualTo(value);
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.REASON)).contains(DeadLetterReason.PROCESSING_ERROR);
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.ERROR_CLASS)).contains(IllegalStateException.class.getName());
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.ORIGINAL_OFFSET)).contains("99");
    }
}
