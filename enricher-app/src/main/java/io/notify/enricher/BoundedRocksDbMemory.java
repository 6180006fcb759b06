package io.notify.enricher;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Caps the native memory of all RocksDB stores of this JVM: one block cache and one write buffer
 * manager shared by every store, with index and filter blocks counted in the cache. Without it
 * each store (and each window segment) takes its own defaults and memory grows with the number
 * of partitions.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {

    public static final String BLOCK_CACHE_BYTES = "notify.rocksdb.block.cache.bytes";
    public static final String WRITE_BUFFER_BYTES = "notify.rocksdb.write.buffer.bytes";

    private static Cache cache;
    private static WriteBufferManager writeBufferManager;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        ensureShared(configs);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(writeBufferManager);
        options.setTableFormatConfig(table);
    }

    private static synchronized void ensureShared(Map<String, Object> configs) {
        if (cache != null) {
            return;
        }
        long cacheBytes = bytes(configs.get(BLOCK_CACHE_BYTES), 64L * 1024 * 1024);
        long writeBufferBytes = bytes(configs.get(WRITE_BUFFER_BYTES), 32L * 1024 * 1024);
        // Write buffers are charged to the cache, so cacheBytes is the whole budget.
        cache = new LRUCache(cacheBytes, -1, false, 0.1);
        writeBufferManager = new WriteBufferManager(writeBufferBytes, cache);
    }

    private static long bytes(Object value, long fallback) {
        return value == null ? fallback : Long.parseLong(value.toString());
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and write buffer manager are shared by every store and live as long as the JVM.
    }
}
