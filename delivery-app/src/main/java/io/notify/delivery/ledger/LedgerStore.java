package io.notify.delivery.ledger;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.TtlDB;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The ledger entries of the partitions this instance has held, on local disk (RocksDB), and per
 * partition the ledger topic's offset up to which they were read. Entries and offsets are written
 * in one batch, so a crash never leaves them apart and a restart reads only the topic's tail.
 *
 * <p>Bounded twice: entries expire after the horizon (a TTL database drops them when it compacts),
 * and memory is what the write buffers and the block cache are given, not what was ever sent.
 *
 * <p>No write-ahead log: everything here can be read again from the topic. Flushes are atomic
 * across entries and offsets, so what survives a crash is a consistent older state, and the
 * topic is read again from the offset it holds.
 */
final class LedgerStore implements AutoCloseable {

    static {
        RocksDB.loadLibrary();
    }

    private static final long WRITE_BUFFER_BYTES = 8L << 20;
    private static final long BLOCK_CACHE_BYTES = 8L << 20;
    private static final byte[] OFFSETS = "offsets".getBytes(UTF_8);

    private final LRUCache cache;
    private final DBOptions options;
    private final ColumnFamilyOptions entryOptions;
    private final ColumnFamilyOptions offsetOptions;
    private final WriteOptions writeOptions = new WriteOptions().setDisableWAL(true);
    private final TtlDB db;
    private final ColumnFamilyHandle entries;
    private final ColumnFamilyHandle offsets;

    private LedgerStore(LRUCache cache, DBOptions options, ColumnFamilyOptions entryOptions, ColumnFamilyOptions offsetOptions,
                        TtlDB db, List<ColumnFamilyHandle> handles) {
        this.cache = cache;
        this.options = options;
        this.entryOptions = entryOptions;
        this.offsetOptions = offsetOptions;
        this.db = db;
        this.entries = handles.get(0);
        this.offsets = handles.get(1);
    }

    /** Opens (or creates) the store in {@code directory}; a second instance on the same directory is refused. */
    static LedgerStore open(Path directory, Duration horizon) {
        LRUCache cache = new LRUCache(BLOCK_CACHE_BYTES);
        BlockBasedTableConfig table = new BlockBasedTableConfig()
                .setBlockCache(cache)
                .setCacheIndexAndFilterBlocks(true)
                .setFilterPolicy(new BloomFilter(10));
        ColumnFamilyOptions entryOptions = new ColumnFamilyOptions()
                .setWriteBufferSize(WRITE_BUFFER_BYTES)
                .setMaxWriteBufferNumber(2)
                .setTableFormatConfig(table);
        ColumnFamilyOptions offsetOptions = new ColumnFamilyOptions();
        DBOptions options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true).setMaxBackgroundJobs(2)
                .setAtomicFlush(true);
        List<ColumnFamilyDescriptor> families = List.of(
                new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, entryOptions),
                new ColumnFamilyDescriptor(OFFSETS, offsetOptions));
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try {
            Files.createDirectories(directory);
            // An offset never expires (0 is no TTL): an entry the horizon dropped is no longer needed anyway.
            TtlDB db = TtlDB.open(options, directory.toString(), families, handles,
                    List.of(Math.toIntExact(horizon.toSeconds()), 0), false);
            return new LedgerStore(cache, options, entryOptions, offsetOptions, db, handles);
        } catch (RocksDBException | java.io.IOException e) {
            options.close();
            entryOptions.close();
            offsetOptions.close();
            cache.close();
            throw new IllegalStateException("cannot open the delivery ledger store in " + directory
                    + " (each instance needs its own delivery.state.dir)", e);
        }
    }

    /** When the notification was recorded as sent, if it was. */
    OptionalLong sentAt(String notificationId) {
        try {
            byte[] value = db.get(entries, notificationId.getBytes(UTF_8));
            return value == null ? OptionalLong.empty() : OptionalLong.of(ByteBuffer.wrap(value).getLong());
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot read the delivery ledger store", e);
        }
    }

    void put(String notificationId, long sentAt) {
        try {
            db.put(entries, writeOptions, notificationId.getBytes(UTF_8), encode(sentAt));
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot write the delivery ledger store", e);
        }
    }

    /** Applies records read from the ledger topic and moves each partition's offset, atomically. */
    void apply(Iterable<ConsumerRecord<byte[], byte[]>> records, Map<Integer, Long> nextOffsets) {
        try (WriteBatch batch = new WriteBatch()) {
            for (ConsumerRecord<byte[], byte[]> record : records) {
                byte[] key = record.key();
                if (key == null) {
                    continue;
                }
                if (record.value() == null) {
                    // A tombstone is an operator's way to allow a resend on purpose.
                    batch.delete(entries, key);
                } else {
                    batch.put(entries, key, encode(record.timestamp()));
                }
            }
            for (Map.Entry<Integer, Long> offset : nextOffsets.entrySet()) {
                batch.put(offsets, partitionKey(offset.getKey()), encode(offset.getValue()));
            }
            db.write(writeOptions, batch);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot write the delivery ledger store", e);
        }
    }

    /** The ledger topic's offset to read {@code partition} from, if it was ever read here. */
    OptionalLong nextOffset(int partition) {
        try {
            byte[] value = db.get(offsets, partitionKey(partition));
            return value == null ? OptionalLong.empty() : OptionalLong.of(ByteBuffer.wrap(value).getLong());
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot read the delivery ledger store", e);
        }
    }

    private static byte[] partitionKey(int partition) {
        return ByteBuffer.allocate(Integer.BYTES).putInt(partition).array();
    }

    private static byte[] encode(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }

    /** Flushes first: without a log, what is only in memory would be read again from the topic after the restart. */
    @Override
    public void close() {
        try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            db.flush(flush, List.of(entries, offsets));
        } catch (RocksDBException e) {
            // Still consistent: the restart reads the topic again from the offsets that were flushed.
        }
        entries.close();
        offsets.close();
        db.close();
        writeOptions.close();
        options.close();
        entryOptions.close();
        offsetOptions.close();
        cache.close();
    }
}
