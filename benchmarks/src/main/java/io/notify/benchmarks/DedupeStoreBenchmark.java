package io.notify.benchmarks;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The dedupe check as the enricher's {@code EventDeduplicator} does it: fetch the key within
 * +/- retention, and put it when absent. The store is built exactly like the topology builds
 * {@code dedupe-event-ids} (persistent RocksDB window store, retention = window = 24 h, String
 * keys, Long values, caching off) and hosted by a TopologyTestDriver; the benchmark calls the
 * store directly, so it measures the store, not the driver's record pipeline.
 */
@State(Scope.Thread)
public class DedupeStoreBenchmark {

    static final String STORE = "dedupe-event-ids";
    static final Duration RETENTION = Duration.ofHours(24);
    private static final long START = Instant.parse("2026-11-26T10:00:00Z").toEpochMilli();

    private Path stateDir;
    private TopologyTestDriver driver;
    private WindowStore<String, Long> seen;
    private long sequence;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        stateDir = Files.createTempDirectory("dedupe-bench");
        driver = new TopologyTestDriver(topology(), properties(stateDir), Instant.ofEpochMilli(START));
        seen = driver.getWindowStore(STORE);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        driver.close();
        Utils.delete(stateDir.toFile());
    }

    /** A new event each time: fetch finds nothing, then put. */
    @Benchmark
    public boolean firstSighting() {
        long timestamp = START + sequence;
        return checkAndRemember("u-" + (sequence % 100_000) + "|e-" + sequence++, timestamp);
    }

    /** The same event again: fetch finds it and nothing is written. */
    @Benchmark
    public boolean duplicate() {
        return checkAndRemember("u-1|e-duplicate", START);
    }

    boolean checkAndRemember(String key, long timestamp) {
        try (WindowStoreIterator<Long> earlier = seen.fetch(key, timestamp - RETENTION.toMillis(), timestamp + RETENTION.toMillis())) {
            if (earlier.hasNext()) {
                return false;
            }
        }
        seen.put(key, timestamp, timestamp);
        return true;
    }

    static Topology topology() {
        Topology topology = new Topology();
        topology.addSource("source", Serdes.String().deserializer(), Serdes.String().deserializer(), "bench.in");
        topology.addProcessor("store-host", StoreHost::new, "source");
        topology.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(STORE, RETENTION, RETENTION, false), Serdes.String(), Serdes.Long())
                .withCachingDisabled(), "store-host");
        return topology;
    }

    /** Owns the store in the topology; the benchmark reaches the store through the driver. */
    private static final class StoreHost implements Processor<String, String, Void, Void> {
        @Override
        public void process(Record<String, String> record) {
            throw new UnsupportedOperationException("the benchmark pipes no records");
        }
    }

    private static Properties properties(Path stateDir) {
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "dedupe-bench");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return properties;
    }
}
