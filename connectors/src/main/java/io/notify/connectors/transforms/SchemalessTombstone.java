package io.notify.connectors.transforms;

import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Makes a deleted row a true Kafka tombstone. Debezium's ExtractNewRecordState turns a delete
 * into a record with a null value but keeps the value schema, and a schemaless JsonConverter
 * then writes the four bytes {@code null} — which log compaction and a KTable treat as a value,
 * not as a delete. Dropping the schema of null values makes the converter write no value at all.
 */
public final class SchemalessTombstone<R extends ConnectRecord<R>> implements Transformation<R> {

    @Override
    public R apply(R record) {
        if (record.value() != null || record.valueSchema() == null) {
            return record;
        }
        return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
                null, null, record.timestamp(), record.headers());
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
