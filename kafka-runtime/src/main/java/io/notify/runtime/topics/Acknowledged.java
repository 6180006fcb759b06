package io.notify.runtime.topics;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** A producer write as a future that completes once the broker acknowledged it, and fails, never throws, when it did not. */
public final class Acknowledged {

    private Acknowledged() {
    }

    public static <K, V> CompletableFuture<Void> send(Producer<K, V> producer, ProducerRecord<K, V> record) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        try {
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    acknowledged.complete(null);
                } else {
                    acknowledged.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            acknowledged.completeExceptionally(e);
        }
        return acknowledged;
    }
}
