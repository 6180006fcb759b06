package io.notify.enricher.status;

import io.notify.enricher.routing.RoutedReason;
import io.notify.schemas.Channel;
import io.notify.schemas.NotificationMeta;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * A committed channel record is the ROUTED status of its notification: the log reads it from the
 * channel topic rather than from a status record of its own, which would be one more append per
 * notification saying the same thing. Its timestamp is the routing decision's.
 */
public final class RoutedEntries<T> implements FixedKeyProcessor<String, T, StatusEntry> {

    private final Channel channel;
    private final Function<T, NotificationMeta> meta;
    private FixedKeyProcessorContext<String, StatusEntry> context;

    public RoutedEntries(Channel channel, Function<T, NotificationMeta> meta) {
        this.channel = channel;
        this.meta = meta;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, StatusEntry> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, T> record) {
        if (record.value() != null) {
            context.forward(record.withValue(StatusEntry.routed(meta.apply(record.value()), channel, record.timestamp(),
                    RoutedReason.of(record.headers()))));
        }
    }
}
