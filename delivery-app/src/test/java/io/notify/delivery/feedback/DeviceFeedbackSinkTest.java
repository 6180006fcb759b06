package io.notify.delivery.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import io.notify.contract.Topics;
import io.notify.runtime.deadletter.DeadLetterHeaders;
import io.notify.schemas.Channel;
import io.notify.schemas.DeviceTokenInvalidated;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The device-feedback sink on a MockConsumer and a database the test makes fail: a batch is committed only once stored. */
class DeviceFeedbackSinkTest {

    private static final TopicPartition P0 = new TopicPartition(Topics.DEVICE_FEEDBACK, 0);
    private static final byte[] UNREADABLE = "not avro".getBytes(StandardCharsets.UTF_8);

    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    private final MockProducer<String, byte[]> deadLetters = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    private final ScriptedDatabase database = new ScriptedDatabase();
    private final DeviceFeedbackSink sink = new DeviceFeedbackSink(consumer, DeviceFeedbackSinkTest::decode, database, deadLetters,
            Duration.ZERO);

    @BeforeEach
    void assign() {
        sink.open();
        consumer.rebalance(List.of(P0));
        consumer.updateBeginningOffsets(Map.of(P0, 0L));
    }

    @Test
    void shouldInvalidateTheBatchsTokensOnceAndThenCommitIt() {
        feedback(0, "token-a");
        feedback(1, "token-b");
        feedback(2, "token-a");

        sink.pollOnce();

        assertThat(database.batches).containsExactly(List.of("token-a", "token-b"));
        assertThat(committed()).isEqualTo(3);
        assertThat(sink.invalidatedCount()).isEqualTo(2);
    }

    @Test
    void shouldRetryWhileTheDatabaseRefusesAndCommitOnlyAfterItStored() {
        database.refusals = 2;
        feedback(0, "token-a");

        sink.pollOnce();

        assertThat(database.committedAtEachAttempt).containsExactly(-1L, -1L, -1L);
        assertThat(database.batches).containsExactly(List.of("token-a"));
        assertThat(committed()).isEqualTo(1);
    }

    @Test
    void shouldDeadLetterAnUnreadableRecordAndGoOn() {
        consumer.addRecord(new ConsumerRecord<>(Topics.DEVICE_FEEDBACK, 0, 0, "token-x", UNREADABLE));
        feedback(1, "token-b");

        sink.pollOnce();

        ProducerRecord<String, byte[]> letter = deadLetters.history().get(0);
        assertThat(letter.topic()).isEqualTo(Topics.EVENTS_DLQ);
        assertThat(DeadLetterHeaders.read(letter.headers(), DeadLetterHeaders.REASON)).contains("undecodable");
        assertThat(database.batches).containsExactly(List.of("token-b"));
        assertThat(committed()).isEqualTo(2);
    }

    private void feedback(long offset, String token) {
        consumer.addRecord(new ConsumerRecord<>(Topics.DEVICE_FEEDBACK, 0, offset, token, token.getBytes(StandardCharsets.UTF_8)));
    }

    private long committed() {
        OffsetAndMetadata offset = consumer.committed(Set.of(P0)).get(P0);
        return offset == null ? -1 : offset.offset();
    }

    /** The test's wire format: the token's bytes; anything else does not decode. */
    private static DeviceTokenInvalidated decode(String topic, byte[] value) {
        if (Arrays.equals(value, UNREADABLE)) {
            throw new IllegalArgumentException("unreadable");
        }
        return DeviceTokenInvalidated.newBuilder()
                .setDeviceToken(new String(value, StandardCharsets.UTF_8))
                .setChannel(Channel.IOS)
                .setUserId("u-1")
                .setProvider("apns")
                .setReason("Unregistered")
                .setInvalidatedAt(Instant.EPOCH)
                .setNotificationId("n-1")
                .build();
    }

    /** Refuses the first {@code refusals} batches, then stores; notes what was committed when each attempt came. */
    private final class ScriptedDatabase implements DeviceTokens {
        final List<List<String>> batches = new ArrayList<>();
        final List<Long> committedAtEachAttempt = new ArrayList<>();
        int refusals;

        @Override
        public int invalidate(Collection<String> tokens) throws SQLException {
            committedAtEachAttempt.add(committed());
            if (refusals-- > 0) {
                throw new SQLException("connection refused", "08001");
            }
            batches.add(List.copyOf(tokens));
            return tokens.size();
        }

        @Override
        public void close() {
        }
    }
}
