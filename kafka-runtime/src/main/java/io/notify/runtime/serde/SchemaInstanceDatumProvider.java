package io.notify.runtime.serde;

import io.apicurio.registry.serde.avro.AvroDatumProvider;
import io.apicurio.registry.serde.avro.AvroSchemaUtils;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Datum writers and readers cached by schema. Apicurio's default provider keys its caches by the
 * schema's parsing fingerprint, which normalises and hashes the whole schema on every record: an
 * eighth of the enricher's stream thread in a profile. The schemas seen here are few, long-lived
 * instances (a generated class's {@code SCHEMA$}, the registry client's parse of a content id), and
 * {@link Schema} caches its hash and checks identity first, so a plain map finds them for free.
 */
public final class SchemaInstanceDatumProvider<T> implements AvroDatumProvider<T> {

    private final Map<Schema, DatumWriter<T>> writers = new ConcurrentHashMap<>();
    private final Map<Schema, DatumReader<T>> readers = new ConcurrentHashMap<>();
    private boolean specificReader;

    @Override
    public void configure(AvroSerdeConfig config) {
        specificReader = config.useSpecificAvroReader();
    }

    @Override
    public DatumWriter<T> createDatumWriter(T data, Schema schema) {
        return writers.computeIfAbsent(schema, s -> data instanceof SpecificRecord
                ? new SpecificDatumWriter<>(s)
                : new GenericDatumWriter<>(s));
    }

    @Override
    public DatumReader<T> createDatumReader(Schema writerSchema) {
        return readers.computeIfAbsent(writerSchema, this::readerFor);
    }

    @Override
    public Schema toSchema(T data) {
        if (data instanceof GenericContainer record) {
            return record.getSchema();
        }
        throw new IllegalArgumentException("only Avro records are serialized here, not " + data.getClass().getName());
    }

    private DatumReader<T> readerFor(Schema writerSchema) {
        if (!specificReader || AvroSchemaUtils.isPrimitive(writerSchema)) {
            return new GenericDatumReader<>(writerSchema);
        }
        Class<?> generated = SpecificData.get().getClass(writerSchema);
        if (generated == null) {
            throw new IllegalArgumentException("no generated class for " + writerSchema.getFullName()
                    + " on the classpath: a specific reader cannot read it");
        }
        return new SpecificDatumReader<>(writerSchema, SpecificData.get().getSchema(generated));
    }
}
