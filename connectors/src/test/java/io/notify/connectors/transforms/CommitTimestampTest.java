package io.notify.connectors.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class CommitTimestampTest {

    private static final long COMMITTED = 1_767_225_600_123L;
    private static final long SENT = COMMITTED + 2_000;

    private static final Schema ROW = SchemaBuilder.struct().name("userdb.public.users.Value").optional()
            .field("id", Schema.STRING_SCHEMA).build();
    private static final Schema SOURCE = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
            .field("connector", Schema.STRING_SCHEMA)
            .field("ts_ms", Schema.INT64_SCHEMA)
            .field("txId", Schema.OPTIONAL_INT64_SCHEMA).build();
    private static final Schema ENVELOPE = envelope(SOURCE);

    private final CommitTimestamp<SourceRecord> transform = new CommitTimestamp<>();

    @Test
    void shouldStampAChangeWithItsCommitTime() {
        Struct source = new Struct(SOURCE).put("connector", "postgresql").put("ts_ms", COMMITTED).put("txId", 771L);
        SourceRecord update = record(ENVELOPE, change(ENVELOPE, source));

        SourceRecord stamped = transform.apply(update);

        assertThat(stamped.timestamp()).isEqualTo(COMMITTED);
        assertThat(stamped.value()).isSameAs(update.value());
        assertThat(stamped.key()).isEqualTo("u-1");
        assertThat(stamped.topic()).isEqualTo("userdb.public.users");
    }

    @Test
    void shouldLeaveATombstoneAsItIs() {
        SourceRecord tombstone = record(null, null);

        assertThat(transform.apply(tombstone)).isSameAs(tombstone);
    }

    @Test
    void shouldLeaveAChangeWhoseSourceHasNoTimestampAsItIs() {
        Schema untimed = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
                .field("connector", Schema.STRING_SCHEMA).build();
        Schema envelope = envelope(untimed);
        SourceRecord update = record(envelope, change(envelope, new Struct(untimed).put("connector", "postgresql")));

        assertThat(transform.apply(update)).isSameAs(update);
    }

    @Test
    void shouldLeaveAHeartbeatAsItIs() {
        Schema heartbeatSchema = SchemaBuilder.struct().name("io.debezium.connector.common.Heartbeat")
                .field("ts_ms", Schema.INT64_SCHEMA).build();
        SourceRecord heartbeat = record(heartbeatSchema, new Struct(heartbeatSchema).put("ts_ms", COMMITTED));

        assertThat(transform.apply(heartbeat)).isSameAs(heartbeat);
    }

    @Test
    void shouldLeaveASchemaChangeAsItIs() {
        Schema schemaChange = SchemaBuilder.struct().name("io.debezium.connector.postgresql.SchemaChangeValue")
                .field("source", SOURCE).field("ddl", Schema.OPTIONAL_STRING_SCHEMA).build();
        Struct source = new Struct(SOURCE).put("connector", "postgresql").put("ts_ms", COMMITTED);
        SourceRecord change = record(schemaChange, new Struct(schemaChange).put("source", source).put("ddl", "ALTER TABLE users"));

        assertThat(transform.apply(change)).isSameAs(change);
    }

    private static Schema envelope(Schema source) {
        return SchemaBuilder.struct().name("userdb.public.users.Envelope")
                .field("before", ROW).field("after", ROW).field("source", source)
                .field("op", Schema.STRING_SCHEMA).field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA).build();
    }

    private static Struct change(Schema envelope, Struct source) {
        // The envelope's own ts_ms is when Debezium processed the change: it must not be the one taken.
        return new Struct(envelope).put("after", new Struct(ROW).put("id", "u-1"))
                .put("source", source).put("op", "u").put("ts_ms", SENT);
    }

    private static SourceRecord record(Schema valueSchema, Object value) {
        return new SourceRecord(Map.of(), Map.of(), "userdb.public.users", null,
                Schema.STRING_SCHEMA, "u-1", valueSchema, value, SENT);
    }
}
