package io.notify.enricher;

import io.notify.enricher.deadletter.DeadLetterDeserializationHandler;
import io.notify.enricher.deadletter.DeadLetterProcessingHandler;
import io.notify.enricher.deadletter.DeadLetterProductionHandler;
import io.notify.runtime.config.KafkaSettings;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/** The Kafka Streams configuration of the enricher, the same in production and in topology tests. */
public final class EnricherStreamsConfig {

    /** Room for a 1 MB input with its decoded copy beside it, on the enricher's own topics. */
    static final int INTERNAL_RECORD_MAX_BYTES = 4 * 1024 * 1024;

    private EnricherStreamsConfig() {
    }

    /** What the topology depends on, tests included: guarantees, naming rule, error handlers, bounded RocksDB memory. */
    public static Properties topology(EnricherSettings settings) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        // An event is rendered once: outputs, statuses, dead letters and store changes commit together.
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // Generated names change when the topology changes and silently orphan state; refuse them.
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class.getName());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class.getName());
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProductionHandler.class.getName());
        props.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir());
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class.getName());
        props.put(BoundedRocksDbMemory.BLOCK_CACHE_BYTES, settings.rocksDbBlockCacheBytes());
        props.put(BoundedRocksDbMemory.WRITE_BUFFER_BYTES, settings.rocksDbWriteBufferBytes());
        return props;
    }

    /** Everything a running instance needs on top: cluster, threads, IQ endpoint, commit cadence. */
    public static Properties application(EnricherSettings settings, KafkaSettings kafka) {
        Properties props = new Properties();
        props.putAll(kafka.clientProperties());
        props.putAll(topology(settings));
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.streamThreads());
        // Kafka Streams adds each stream thread's index to the instance id.
        settings.instanceId().ifPresent(id ->
                props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), settings.applicationId() + "-" + id));
        // Interactive Queries: other instances learn where to forward a key from this endpoint.
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, settings.httpHost() + ":" + settings.httpPort());
        // A standby per task keeps queries answerable and fail-over short while a task moves.
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1);
        // Soft real time: under EOS outputs become visible at commit, so this bounds the added latency.
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.commitInterval().toMillis());
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        props.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        // A request near the broker's 1 MB limit is larger on the requests-by-user repartition (its
        // decoded content beside its original bytes), and a held event's changelog entry likewise.
        // Under exactly-once a record the broker refuses aborts the transaction and the task retries
        // it forever, so the internal topics take records up to INTERNAL_RECORD_MAX_BYTES; what goes
        // to the contract's topics is bounded by PayloadLimit instead.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), INTERNAL_RECORD_MAX_BYTES);
        props.put(StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG), Integer.toString(INTERNAL_RECORD_MAX_BYTES));
        return props;
    }
}
