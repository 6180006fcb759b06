package io.notify.enricher.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchException;

import io.notify.contract.Topics;
import io.notify.events.shop.OrderShipped;
import io.notify.runtime.deadletter.DeadLetterHeaders;
import io.notify.runtime.serde.AvroSerdes;
import io.notify.schemas.Channel;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Response;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Result;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.SerializationExceptionOrigin;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

class DeadLetterProductionHandlerTest {

    private static final byte[] KEY = "u-1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] VALUE = {0, 0, 0, 0, 1, 42};
    private static final ErrorHandlerContext CONTEXT = new SourceRecordContext(KEY, VALUE);

    private record SourceRecordContext(byte[] sourceRawKey, byte[] sourceRawValue) implements ErrorHandlerContext {
        @Override public String topic() { return Topics.EVENTS_SHOP; }
        @Override public int partition() { return 2; }
        @Override public long offset() { return 99; }
        @Override public Headers headers() { return new RecordHeaders(); }
        @Override public String processorNodeId() { return "sink-email"; }
        @Override public TaskId taskId() { return new TaskId(0, 2); }
        @Override public long timestamp() { return 0; }
    }

    /** What a store flush at commit time sees: no record is being processed. */
    private record NoSourceContext() implements ErrorHandlerContext {
        @Override public String topic() { return null; }
        @Override public int partition() { return -1; }
        @Override public long offset() { return -1; }
        @Override public Headers headers() { return new RecordHeaders(); }
        @Override public String processorNodeId() { return null; }
        @Override public TaskId taskId() { return new TaskId(0, 2); }
        @Override public long timestamp() { return 0; }
        @Override public byte[] sourceRawKey() { return null; }
        @Override public byte[] sourceRawValue() { return null; }
    }

    private final DeadLetterProductionHandler handler = new DeadLetterProductionHandler();

    @Test
    void shouldDeadLetterTheSourceBytesOfAnInputWhoseOutputIsTooLargeAndResume() {
        ProducerRecord<byte[], byte[]> email = new ProducerRecord<>(Topics.channel(Channel.EMAIL), KEY, new byte[10]);

        Response response = handler.handleError(CONTEXT, email, new RecordTooLargeException("too large"));

        assertThat(response.result()).isEqualTo(Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).hasSize(1);
        ProducerRecord<byte[], byte[]> dead = response.deadLetterQueueRecords().get(0);
        assertThat(dead.topic()).isEqualTo(Topics.EVENTS_DLQ);
        assertThat(dead.key()).isEqualTo(KEY);
        assertThat(dead.value()).isEqualTo(VALUE);
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.REASON)).contains(DeadLetterReason.PRODUCTION_ERROR);
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.ERROR_CLASS)).contains(RecordTooLargeException.class.getName());
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.ORIGINAL_TOPIC)).contains(Topics.EVENTS_SHOP);
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.ORIGINAL_OFFSET)).contains("99");
    }

    @Test
    void shouldDeadLetterTheInputOfARecordItsSerializerRefusesAndResume() {
        ProducerRecord<String, Object> sms = new ProducerRecord<>(Topics.channel(Channel.SMS), "u-1", "decoded");

        Response response = handler.handleSerializationError(CONTEXT, sms, new SerializationException("incompatible schema"),
                SerializationExceptionOrigin.VALUE);

        assertThat(response.result()).isEqualTo(Result.RESUME);
        ProducerRecord<byte[], byte[]> dead = response.deadLetterQueueRecords().get(0);
        assertThat(dead.value()).isEqualTo(VALUE);
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.REASON)).contains(DeadLetterReason.PRODUCTION_ERROR);
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.ERROR_CLASS)).contains(SerializationException.class.getName());
    }

    @Test
    void shouldFailTheTaskWithoutDeadLetteringWhileTheRegistryIsUnreachable() throws Exception {
        Exception outage = catchException(() -> new AvroSerdes(unreachableRegistry()).specific(OrderShipped.class).serializer()
                .serialize(Topics.EVENTS_SHOP, OrderShipped.newBuilder().setEventId("e-1").setOccurredAt(Instant.now())
                        .setUserId("u-1").setOrderId("o-1").setCarrier("DHL").setTrackingNumber("1Z").build()));

        Response response = handler.handleSerializationError(CONTEXT,
                new ProducerRecord<>(Topics.channel(Channel.SMS), "u-1", "decoded"), outage, SerializationExceptionOrigin.VALUE);

        assertThat(response.result()).isEqualTo(Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void shouldNotOfferAgainADeadLetterThatCouldNotBeWritten() {
        ProducerRecord<byte[], byte[]> deadLetter = new ProducerRecord<>(Topics.EVENTS_DLQ, KEY, VALUE);

        Response response = handler.handleError(CONTEXT, deadLetter, new RecordTooLargeException("too large"));

        assertThat(response.result()).isEqualTo(Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void shouldFailWhenAStoreWriteFailsRatherThanLoseIt() {
        ProducerRecord<byte[], byte[]> changelog = new ProducerRecord<>("notify-enricher-users-changelog", KEY, VALUE);

        Response response = handler.handleError(CONTEXT, changelog, new RecordTooLargeException("too large"));

        assertThat(response.result()).isEqualTo(Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void shouldFailWhenNoInputIsBeingProcessed() {
        ProducerRecord<byte[], byte[]> status = new ProducerRecord<>(Topics.STATUS, KEY, VALUE);

        Response response = handler.handleError(new NoSourceContext(), status, new RecordTooLargeException("too large"));

        assertThat(response.result()).isEqualTo(Result.FAIL);
    }

    private static String unreachableRegistry() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/apis/registry/v3";
        }
    }
}
