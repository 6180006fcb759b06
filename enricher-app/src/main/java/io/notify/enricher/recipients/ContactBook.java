package io.notify.enricher.recipients;

import io.notify.enricher.EnricherSettings;
import io.notify.enricher.TopologyNames;
import io.notify.enricher.deadletter.DeadLetterReason;
import io.notify.enricher.deadletter.Rejection;
import io.notify.enricher.intake.IncomingEvent;
import io.notify.enricher.intake.Outcome;
import io.notify.enricher.preferences.NotificationSetting;
import io.notify.enricher.preferences.UserSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Owns the whole contact state of the users of one partition — the users row, one entry per
 * device and per setting — and joins every event with it. Events, user rows and the re-keyed
 * device and setting changes arrive on the same task, in record-timestamp order (CDC records
 * carry the database's commit time), so an event sees the rows committed before it.
 *
 * <p>An event whose user has no row yet (a welcome message published right after sign-up, CDC
 * lagging during a restart) is held, in order, until the row arrives; after
 * {@code enricher.contact.wait} it is dead-lettered {@code unknown_user}. A user seen for the
 * first time is "settling" for {@code enricher.contact.settle}: its devices and settings come
 * through a repartition topic and may trail the row of the same transaction by a commit
 * interval, so the user's events wait that long too. The hold is bounded: when it is full, or an
 * event is too large to keep, the event is decided at once.
 */
public final class ContactBook implements Processor<String, ContactInput, String, Outcome<Recipient>> {

    static final Duration CHECK_INTERVAL = Duration.ofMillis(250);

    private final Duration wait;
    private final Duration settle;
    private final int heldMax;
    private final int heldEventMaxBytes;
    private ProcessorContext<String, Outcome<Recipient>> context;
    private KeyValueStore<String, UserProfile> users;
    private KeyValueStore<String, Device> devices;
    private KeyValueStore<String, NotificationSetting> settings;
    private KeyValueStore<String, HeldEvent> held;
    private KeyValueStore<String, Long> settling;
    private long nextSequence;
    private int heldCount;
    private long earliestGiveUp = Long.MAX_VALUE;

    public ContactBook(EnricherSettings config) {
        this.wait = config.contactWait();
        this.settle = config.contactSettle();
        this.heldMax = config.heldEventsMax();
        this.heldEventMaxBytes = config.heldEventMaxBytes();
    }

    @Override
    public void init(ProcessorContext<String, Outcome<Recipient>> context) {
        this.context = context;
        this.users = context.getStateStore(TopologyNames.USERS_STORE);
        this.devices = context.getStateStore(TopologyNames.DEVICES_STORE);
        this.settings = context.getStateStore(TopologyNames.SETTINGS_STORE);
        this.held = context.getStateStore(TopologyNames.HELD_EVENTS_STORE);
        this.settling = context.getStateStore(TopologyNames.SETTLING_USERS_STORE);
        try (KeyValueIterator<String, HeldEvent> all = held.all()) {
            while (all.hasNext()) {
                KeyValue<String, HeldEvent> entry = all.next();
                heldCount++;
                nextSequence = Math.max(nextSequence, ContactKeys.numberOf(entry.key) + 1);
                earliestGiveUp = Math.min(earliestGiveUp, entry.value.giveUpAt());
            }
        }
        context.schedule(CHECK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::check);
    }

    @Override
    public void process(Record<String, ContactInput> record) {
        ContactInput input = record.value();
        if (input instanceof ContactInput.Event event) {
            event(record, event.event());
        } else if (input instanceof ContactInput.UserRow row) {
            userRow(record.key(), row.user());
        } else if (input instanceof ContactInput.RowChanged changed) {
            rowChanged(record.key(), changed.change());
        } else {
            throw new IllegalArgumentException("unknown contact input " + input.getClass().getName());
        }
    }

    private void event(Record<String, ContactInput> record, IncomingEvent event) {
        String userId = record.key();
        UserProfile user = users.get(userId);
        if (user != null && settling.get(userId) == null) {
            context.forward(record.withValue(Outcome.accepted(recipient(userId, event, user))));
            return;
        }
        boolean tooLarge = event.origin().value() != null && event.origin().value().length > heldEventMaxBytes;
        if (heldCount >= heldMax || tooLarge) {
            context.forward(record.withValue(user != null
                    ? Outcome.accepted(recipient(userId, event, user))
                    : Outcome.rejected(Rejection.of(DeadLetterReason.UNKNOWN_USER, event.origin()))));
            return;
        }
        long giveUpAt = context.currentSystemTimeMs() + wait.toMillis();
        held.put(ContactKeys.of(userId, nextSequence++), HeldEvent.of(event, record.timestamp(), record.headers(), giveUpAt));
        heldCount++;
        earliestGiveUp = Math.min(earliestGiveUp, giveUpAt);
    }

    private void userRow(String userId, UserProfile user) {
        if (user == null) {
            users.delete(userId);
            settling.delete(userId);
            return;
        }
        boolean firstSeen = users.get(userId) == null;
        users.put(userId, user);
        if (!firstSeen) {
            return;
        }
        if (settle.isZero()) {
            release(userId, user);
        } else {
            settling.put(userId, context.currentSystemTimeMs() + settle.toMillis());
        }
    }

    private void rowChanged(String userId, ContactChange change) {
        String key = ContactKeys.of(userId, change.rowId());
        switch (change.kind()) {
            case DEVICE -> {
                if (change.isRemoval()) {
                    devices.delete(key);
                } else {
                    devices.put(key, change.device());
                }
            }
            case SETTING -> {
                if (change.isRemoval()) {
                    settings.delete(key);
                } else {
                    settings.put(key, change.setting());
                }
            }
        }
    }

    /** Releases the users that have settled, then gives up on the events whose wait is over. */
    private void check(long now) {
        List<KeyValue<String, Long>> settled = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = settling.all()) {
            all.forEachRemaining(entry -> {
                if (entry.value <= now) {
                    settled.add(entry);
                }
            });
        }
        for (KeyValue<String, Long> entry : settled) {
            settling.delete(entry.key);
            UserProfile user = users.get(entry.key);
            if (user != null) {
                release(entry.key, user);
            }
        }
        if (heldCount > 0 && now >= earliestGiveUp) {
            giveUp(now);
        }
    }

    private void release(String userId, UserProfile user) {
        for (KeyValue<String, HeldEvent> entry : heldOf(userId)) {
            HeldEvent waiting = entry.value;
            held.delete(entry.key);
            heldCount--;
            context.forward(new Record<>(userId, Outcome.accepted(recipient(userId, waiting.event(), user)),
                    waiting.timestamp(), waiting.recordHeaders()));
        }
    }

    private void giveUp(long now) {
        List<KeyValue<String, HeldEvent>> expired = new ArrayList<>();
        long earliest = Long.MAX_VALUE;
        try (KeyValueIterator<String, HeldEvent> all = held.all()) {
            while (all.hasNext()) {
                KeyValue<String, HeldEvent> entry = all.next();
                if (entry.value.giveUpAt() <= now && users.get(ContactKeys.userOf(entry.key)) == null) {
                    expired.add(entry);
                } else {
                    earliest = Math.min(earliest, entry.value.giveUpAt());
                }
            }
        }
        earliestGiveUp = earliest;
        for (KeyValue<String, HeldEvent> entry : expired) {
            HeldEvent waiting = entry.value;
            held.delete(entry.key);
            heldCount--;
            context.forward(new Record<>(ContactKeys.userOf(entry.key),
                    Outcome.rejected(Rejection.of(DeadLetterReason.UNKNOWN_USER, waiting.event().origin())),
                    waiting.timestamp(), waiting.recordHeaders()));
        }
    }

    private List<KeyValue<String, HeldEvent>> heldOf(String userId) {
        List<KeyValue<String, HeldEvent>> entries = new ArrayList<>();
        try (KeyValueIterator<String, HeldEvent> rows = held.prefixScan(ContactKeys.prefix(userId), ContactKeys.SERIALIZER)) {
            rows.forEachRemaining(entries::add);
        }
        return entries;
    }

    private Recipient recipient(String userId, IncomingEvent event, UserProfile user) {
        return new Recipient(event, user, new UserDevices(ContactKeys.rowsOf(devices, userId)),
                new UserSettings(ContactKeys.rowsOf(settings, userId)));
    }
}
