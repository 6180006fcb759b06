package io.notify.delivery.ledger;

import java.util.concurrent.CompletableFuture;

/** Remembers which notifications a provider accepted, so none is sent twice on purpose. */
public interface DeliveryLedger extends AutoCloseable {

    boolean isSent(String notificationId);

    /** Completes once the entry is durable; the record's offset may be committed only after that. */
    CompletableFuture<Void> recordSent(String notificationId, String providerMessageId);

    @Override
    void close();
}
