package io.notify.enricher.recipients;

import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Re-keys a CDC row (keyed by its own id) by the user it belongs to. The owner of every row is
 * remembered, so a row that moves to another user, or is deleted, is removed from its previous
 * owner with a record of its own: each change costs one store write and at most two small
 * records, however many rows the user has.
 *
 * @param <R> the row type (a device or a setting)
 */
public final class ContactRowsByUser<R> implements Processor<String, R, String, ContactChange> {

    private final String ownersStore;
    private final Function<R, String> ownerOf;
    private final BiFunction<Long, R, ContactChange> change;
    private ProcessorContext<String, ContactChange> context;
    private KeyValueStore<String, String> owners;

    public ContactRowsByUser(String ownersStore, Function<R, String> ownerOf, BiFunction<Long, R, ContactChange> change) {
        this.ownersStore = ownersStore;
        this.ownerOf = ownerOf;
        this.change = change;
    }

    @Override
    public void init(ProcessorContext<String, ContactChange> context) {
        this.context = context;
        this.owners = context.getStateStore(ownersStore);
    }

    @Override
    public void process(Record<String, R> record) {
        if (record.key() == null) {
            return;
        }
        long rowId = Long.parseLong(record.key().strip());
        String previous = owners.get(record.key());
        String owner = record.value() == null ? null : ownerOf.apply(record.value());
        if (previous != null && !previous.equals(owner)) {
            context.forward(record.withKey(previous).withValue(change.apply(rowId, null)));
        }
        if (owner == null) {
            owners.delete(record.key());
            return;
        }
        owners.put(record.key(), owner);
        context.forward(record.withKey(owner).withValue(change.apply(rowId, record.value())));
    }
}
