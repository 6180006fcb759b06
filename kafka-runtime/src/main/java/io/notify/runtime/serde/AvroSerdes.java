package io.notify.runtime.serde;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.avro.strategy.QualifiedRecordIdStrategy;
import io.apicurio.registry.serde.config.SerdeConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro serdes bound to the schema registry. Values only: keys stay plain strings so that
 * partitioning and compaction depend on the id, never on a schema id.
 *
 * <p>Schemas are registered in the registry's default group under their full record name, which is
 * the subject Confluent's RecordNameStrategy names: one subject per event type, so one topic can
 * carry several. Each is registered whole, the shared types inlined, and the wire format is
 * Confluent's (magic byte and a 4-byte content id), so a Confluent client reading through the
 * registry's ccompat API finds every schema id and needs no reference to resolve.
 */
public final class AvroSerdes {

    /** How long a resolved schema is used before the registry is asked again. */
    public static final Duration SCHEMA_CACHE_PERIOD = Duration.ofHours(24);

    private final String registryUrl;

    public AvroSerdes(String registryUrl) {
        this.registryUrl = registryUrl;
        ContractClasses.trust();
    }

    public <T extends SpecificRecord> Serde<T> specific(Class<T> type) {
        Map<String, Object> config = baseConfig();
        config.put(AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, true);
        config.put(SerdeConfig.DESERIALIZER_SPECIFIC_VALUE_RETURN_CLASS, type.getName());
        return serde(config);
    }

    /** For topics whose record types we do not know in advance: {@code events.*}. */
    public Serde<GenericRecord> generic() {
        return serde(baseConfig());
    }

    private <T> Serde<T> serde(Map<String, Object> config) {
        Serializer<T> serializer = new AvroKafkaSerializer<>();
        Deserializer<T> deserializer = new AvroKafkaDeserializer<>();
        serializer.configure(config, false);
        deserializer.configure(config, false);
        return Serdes.serdeFrom(new RegistryBoundSerializer<>(serializer, registryUrl),
                new RegistryBoundDeserializer<>(deserializer, registryUrl));
    }

    private Map<String, Object> baseConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(SerdeConfig.REGISTRY_URL, registryUrl);
        config.put(SerdeConfig.AUTO_REGISTER_ARTIFACT, true);
        // Only the default group is visible through ccompat; a group per namespace (RecordIdStrategy)
        // left the shared types' references unresolvable there.
        config.put(SerdeConfig.ARTIFACT_RESOLVER_STRATEGY, QualifiedRecordIdStrategy.class.getName());
        // Whole schemas, not references to the shared types: the registry's BACKWARD check of a
        // record's subject then compares everything its readers decode, shared types included.
        config.put(SerdeConfig.DEREFERENCE_SCHEMA, true);
        config.put(SerdeConfig.USE_ID, "contentId");
        // A content id names the same schema forever, so a cached entry never goes wrong. By default
        // it expires after 30 s, and the refresh is a synchronous call (for a serializer, a
        // registration) on the sending thread, made by every thread that misses at that moment: once
        // a day is enough. A refresh that falls in a registry outage keeps the cached entry.
        config.put(SerdeConfig.CHECK_PERIOD_MS, SCHEMA_CACHE_PERIOD.toMillis());
        config.put(SerdeConfig.FAULT_TOLERANT_REFRESH, true);
        config.put(AvroSerdeConfig.AVRO_DATUM_PROVIDER, SchemaInstanceDatumProvider.class.getName());
        return config;
    }
}
