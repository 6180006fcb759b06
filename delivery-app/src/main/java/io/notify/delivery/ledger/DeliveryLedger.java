package io.notify.delivery.ledger;

import java.util.concurrent.CompletableFuture;

/** Remembers which notifications a provider accepted, so none is sent twice on purpose. */
public interface DeliveryLedger extends AutoCloseable {

    /** Answers for notifications of partitions that are held and loaded (see {@link LedgerPartitions}). */
    boolean isSent(String notificationId);

    /**
     * Records a send of a notification read from {@code partition} (of its channel topic or a
     * retry tier: they are co-partitioned with the ledger). Completes once the entry is durable;
     * the record's offset may be committed only after that.
     */
    CompletableFuture<Void> recordSent(int partition, String notificationId, String providerMessageId);

    @Override
    void close();
}
