package io.notify.delivery.pipeline;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What a {@link DeliveryLoop} does with each record it takes; the future completes when the record is finished. */
@FunctionalInterface
public interface RecordDeliverer {

    CompletableFuture<Void> deliver(ConsumerRecord<String, byte[]> record, KeyedSequencer sequencer);
}
