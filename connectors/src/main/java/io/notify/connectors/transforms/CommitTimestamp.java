package io.notify.connectors.transforms;

import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Stamps a Debezium change record with the time its row changed in the database, the
 * envelope's {@code source.ts_ms}; for PostgreSQL streaming that is the commit time of the
 * transaction, which pgoutput sends with its BEGIN. Debezium leaves the record timestamp
 * unset, so the producer would stamp the time Connect sent it, and a whole batch of commits
 * would share one timestamp. The enricher picks between its co-partitioned inputs by record
 * timestamp, so only the commit time lets its joins follow the database's commit order.
 * It must run before ExtractNewRecordState, which drops {@code source}.
 */
public final class CommitTimestamp<R extends ConnectRecord<R>> implements Transformation<R> {

    // Debezium names the value schema of every row change <topic>.Envelope (io.debezium.data.Envelope);
    // heartbeats, transaction markers and schema changes are named otherwise and keep their timestamp.
    private static final String ENVELOPE_SUFFIX = ".Envelope";

    @Override
    public R apply(R record) {
        Long committed = sourceTimestamp(record);
        if (committed == null) {
            return record;
        }
        return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
                record.valueSchema(), record.value(), committed, record.headers());
    }

    private static Long sourceTimestamp(ConnectRecord<?> record) {
        String schemaName = record.valueSchema() == null ? null : record.valueSchema().name();
        if (!(record.value() instanceof Struct envelope) || schemaName == null || !schemaName.endsWith(ENVELOPE_SUFFIX)) {
            return null;
        }
        Struct source = envelope.getStruct("source");
        return source.schema().field("ts_ms") == null ? null : source.getInt64("ts_ms");
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef();
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // nothing to configure
    }

    @Override
    public void close() {
        // holds nothing
    }
}
