package io.notify.enricher.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A schema registry in a map, writing the same wire format as the real serdes (Confluent framing:
 * magic byte 0, a 4-byte schema id, Avro binary), so topology tests exercise real decoding,
 * including bytes that do not decode.
 */
public final class InMemorySchemaRegistry {

    private static final byte MAGIC = 0;

    private final Map<Integer, Schema> byId = new HashMap<>();
    private final Map<Schema, Integer> idOf = new HashMap<>();
    private final Set<Schema> refuseOnce = new HashSet<>();

    /** The next record written with this schema is refused, as a registry refuses an incompatible schema. */
    public synchronized void refuseNextWrite(Schema schema) {
        refuseOnce.add(schema);
    }

    public synchronized int register(Schema schema) {
        if (refuseOnce.remove(schema)) {
            throw new SerializationException("schema " + schema.getFullName() + " refused as incompatible");
        }
        return idOf.computeIfAbsent(schema, s -> {
            int id = byId.size() + 1;
            byId.put(id, s);
            return id;
        });
    }

    private synchronized Schema schema(int id) {
        Schema schema = byId.get(id);
        if (schema == null) {
            throw new SerializationException("no schema with id " + id);
        }
        return schema;
    }

    public Serde<GenericRecord> generic() {
        Deserializer<GenericRecord> deserializer = (topic, data) -> data == null ? null : decode(data, null);
        return Serdes.serdeFrom(this.<GenericRecord>serializer(), deserializer);
    }

    public <T extends SpecificRecord> Serde<T> specific(Class<T> type) {
        Schema readerSchema = SpecificData.get().getSchema(type);
        Deserializer<T> deserializer = (topic, data) -> data == null ? null : decode(data, readerSchema);
        return Serdes.serdeFrom(this.<T>serializer(), deserializer);
    }

    private <T> Serializer<T> serializer() {
        return (topic, record) -> record == null ? null : encode((GenericRecord) record);
    }

    @SuppressWarnings("unchecked")
    private byte[] encode(GenericRecord record) {
        Schema schema = record.getSchema();
        int id = register(schema);
        DatumWriter<GenericRecord> writer = record instanceof SpecificRecord
                ? new SpecificDatumWriter<>(schema)
                : new GenericDatumWriter<>(schema);
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            out.write(MAGIC);
            out.write(ByteBuffer.allocate(4).putInt(id).array());
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            writer.write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private <T> T decode(byte[] data, Schema readerSchema) {
        ByteBuffer buffer = ByteBuffer.wrap(data);
        if (data.length < 5 || buffer.get() != MAGIC) {
            throw new SerializationException("unknown magic byte");
        }
        Schema writerSchema = schema(buffer.getInt());
        try {
            var reader = readerSchema == null
                    ? new GenericDatumReader<T>(writerSchema)
                    : new SpecificDatumReader<T>(writerSchema, readerSchema);
            return reader.read(null, DecoderFactory.get().binaryDecoder(data, 5, data.length - 5, null));
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot decode Avro with schema id", e);
        }
    }
}
