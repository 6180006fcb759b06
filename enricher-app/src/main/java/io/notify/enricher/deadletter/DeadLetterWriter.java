package io.notify.enricher.deadletter;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Turns a rejection into the record the dead-letter topic gets: original bytes plus headers. */
public final class DeadLetterWriter<K> implements Processor<K, Rejection, byte[], byte[]> {

    private ProcessorContext<byte[], byte[]> context;

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<K, Rejection> record) {
        Rejection rejection = record.value();
        context.forward(new Record<>(rejection.origin().key(), rejection.origin().value(), record.timestamp(),
                DeadLetterRecords.headers(record.headers(), rejection)));
    }
}
