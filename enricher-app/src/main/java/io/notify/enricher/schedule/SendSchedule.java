package io.notify.enricher.schedule;

import io.notify.enricher.TopologyNames;
import io.notify.enricher.intake.DeliveryTerms;
import io.notify.enricher.preferences.NotificationSetting;
import io.notify.enricher.preferences.OptInPolicy;
import io.notify.enricher.preferences.UserSettings;
import io.notify.enricher.recipients.ContactKeys;
import io.notify.enricher.recipients.HeldEvent.Header;
import io.notify.enricher.recipients.UserProfile;
import io.notify.enricher.routing.Dispatch;
import io.notify.enricher.routing.RoutedReason;
import io.notify.enricher.routing.SuppressionReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Decides when each notification goes out. One not yet due (send-at, delay, the user's quiet
 * hours: {@link QuietHoursPolicy}) is held: a HELD
 * status now, with its due time, and at its due time it is released — routed, or suppressed if it
 * has expired or the user has opted out meanwhile (the opt-out in force when it goes is the one
 * that counts). A send-at already past goes at once and its ROUTED entry says so; nothing is
 * dropped for being late. Expiry: the event's {@code expiresAt}, else its time to live, else its
 * category's ({@code enricher.expiry.category.*}), counted from when it is due; one already
 * expired is SUPPRESSED {@code expired}. A held notification is cancelled by a later input of the
 * same user whose {@code cancels} is its cancellation key, and replaced by a newer one with the
 * same collapse key to the same address (SUPPRESSED {@code cancelled} / {@code collapsed}).
 *
 * <p>The held notifications live in two stores of the user's task (exactly-once with its
 * outputs, restored from their changelogs after a crash or a rebalance): by due time, which the
 * wall-clock punctuation scans up to now, and by user, which cancellations and collapses read.
 * Both are bounded ({@link ScheduleSettings}).
 */
public final class SendSchedule implements Processor<String, ScheduleInput, String, Dispatch> {

    /** At most this many released per punctuation, so a backlog that falls due at once cannot stall the task. */
    static final int RELEASE_BATCH = 10_000;

    private final ScheduleSettings settings;
    private final OptInPolicy optIns;
    private final QuietHoursPolicy quietHours;
    private ProcessorContext<String, Dispatch> context;
    private KeyValueStore<String, HeldDispatch> byDue;
    private KeyValueStore<String, HoldRef> byUser;
    private KeyValueStore<String, NotificationSetting> userSettings;
    private KeyValueStore<String, UserProfile> users;
    private int heldCount;

    public SendSchedule(ScheduleSettings settings, OptInPolicy optIns, QuietHoursPolicy quietHours) {
        this.settings = settings;
        this.optIns = optIns;
        this.quietHours = quietHours;
    }

    @Override
    public void init(ProcessorContext<String, Dispatch> context) {
        this.context = context;
        this.byDue = context.getStateStore(TopologyNames.SCHEDULE_STORE);
        this.byUser = context.getStateStore(TopologyNames.SCHEDULE_BY_USER_STORE);
        this.userSettings = context.getStateStore(TopologyNames.SETTINGS_STORE);
        this.users = context.getStateStore(TopologyNames.USERS_STORE);
        try (KeyValueIterator<String, HoldRef> all = byUser.all()) {
            all.forEachRemaining(entry -> heldCount++);
        }
        context.schedule(settings.checkInterval(), PunctuationType.WALL_CLOCK_TIME, this::release);
    }

    @Override
    public void process(Record<String, ScheduleInput> record) {
        if (record.value() instanceof ScheduleInput.Cancellation cancellation) {
            cancel(record.key(), cancellation.key());
        } else if (record.value() instanceof ScheduleInput.Dispatched dispatched) {
            decide(record, dispatched.dispatch());
        } else {
            throw new IllegalArgumentException("unknown schedule input " + record.value());
        }
    }

    private void decide(Record<String, ScheduleInput> record, Dispatch dispatch) {
        if (dispatch.isSuppressed()) {
            context.forward(record.withValue(dispatch));
            return;
        }
        long now = context.currentSystemTimeMs();
        DeliveryTerms terms = dispatch.plan().event().terms();
        long asked = terms.sendAt() == null ? now : Math.max(terms.sendAt(), now);
        // A time to live counts from when it was asked for, not from the end of quiet hours: stale is stale.
        Dispatch expiring = dispatch.expiringAt(expiresAt(dispatch, terms, asked));
        Optional<Instant> quietUntil = quietHours.releaseAt(expiring, () -> users.get(record.key()), asked);
        long due = quietUntil.map(Instant::toEpochMilli).orElse(asked);
        String collapseScope = collapseScope(expiring, terms);
        if (collapseScope != null) {
            collapse(record.key(), collapseScope);
        }
        String refused = refusal(expiring, record.key(), due, now);
        if (refused != null) {
            context.forward(record.withValue(expiring.decidedAt(now, refused)));
        } else if (due <= now) {
            boolean late = terms.isScheduled() && terms.sendAt() < now;
            Headers headers = late ? RoutedReason.with(record.headers(), RoutedReason.SEND_AT_PASSED) : record.headers();
            context.forward(record.withValue(expiring).withHeaders(headers));
        } else {
            String why = quietUntil.isPresent() ? Dispatch.Hold.QUIET_HOURS : Dispatch.Hold.SCHEDULED;
            Dispatch held = expiring.held(new Dispatch.Hold(why, due));
            forget(record.key(), held.notificationId());
            byDue.put(ScheduleKeys.byDue(due, record.key(), held.notificationId()),
                    new HeldDispatch(held.forHolding(), Header.copyOf(record.headers())));
            byUser.put(ScheduleKeys.byUser(record.key(), held.notificationId()),
                    new HoldRef(due, terms.cancellationKey(), collapseScope));
            heldCount++;
            context.forward(record.withValue(held));
        }
    }

    /** The same notification held before (an event replayed after its dedupe retention) is replaced, not held twice. */
    private void forget(String userId, String notificationId) {
        String userKey = ScheduleKeys.byUser(userId, notificationId);
        HoldRef earlier = byUser.get(userKey);
        if (earlier != null) {
            byDue.delete(ScheduleKeys.byDue(earlier.dueAt(), userId, notificationId));
            byUser.delete(userKey);
            heldCount--;
        }
    }

    /** Why a notification cannot go or wait as asked; null when it can. */
    private String refusal(Dispatch dispatch, String userId, long due, long now) {
        if (dispatch.expiresAt() != null && dispatch.expiresAt() <= Math.max(due, now)) {
            return SuppressionReason.EXPIRED;
        }
        if (due <= now) {
            return null;
        }
        if (due - now > settings.maxDelay().toMillis()) {
            return SuppressionReason.SEND_AT_TOO_FAR;
        }
        if (heldCount >= settings.heldMax() || heldOf(userId).size() >= settings.heldPerUserMax()) {
            return SuppressionReason.SCHEDULE_FULL;
        }
        return null;
    }

    private Long expiresAt(Dispatch dispatch, DeliveryTerms terms, long from) {
        if (terms.expiresAt() != null) {
            return terms.expiresAt();
        }
        if (terms.ttlMillis() != null) {
            return DeliveryTerms.plus(from, terms.ttlMillis());
        }
        return settings.ttl(dispatch.plan().category()).map(ttl -> DeliveryTerms.plus(from, ttl.toMillis())).orElse(null);
    }

    private static String collapseScope(Dispatch dispatch, DeliveryTerms terms) {
        return terms.collapseKey() == null ? null
                : dispatch.plan().channel() + "\0" + dispatch.target().address() + "\0" + terms.collapseKey();
    }

    private void collapse(String userId, String scope) {
        for (KeyValue<String, HoldRef> entry : heldOf(userId)) {
            if (scope.equals(entry.value.collapseScope())) {
                unhold(userId, entry, SuppressionReason.COLLAPSED);
            }
        }
    }

    private void cancel(String userId, String cancellationKey) {
        for (KeyValue<String, HoldRef> entry : heldOf(userId)) {
            if (cancellationKey.equals(entry.value.cancellationKey())) {
                unhold(userId, entry, SuppressionReason.CANCELLED);
            }
        }
    }

    private void unhold(String userId, KeyValue<String, HoldRef> entry, String reason) {
        String dueKey = ScheduleKeys.byDue(entry.value.dueAt(), userId, ScheduleKeys.notificationOf(entry.key));
        HeldDispatch held = byDue.get(dueKey);
        byDue.delete(dueKey);
        byUser.delete(entry.key);
        heldCount--;
        if (held != null) {
            long now = context.currentSystemTimeMs();
            context.forward(new Record<>(userId, held.dispatch().decidedAt(now, reason), now, Header.restore(held.headers())));
        }
    }

    /** Releases what is due, in due order: routed, or suppressed if it expired or the user opted out while it waited. */
    private void release(long now) {
        List<KeyValue<String, HeldDispatch>> due = new ArrayList<>();
        try (KeyValueIterator<String, HeldDispatch> scan = byDue.range(null, ScheduleKeys.dueUpTo(now))) {
            while (scan.hasNext() && due.size() < RELEASE_BATCH) {
                due.add(scan.next());
            }
        }
        for (KeyValue<String, HeldDispatch> entry : due) {
            Dispatch held = entry.value.dispatch();
            byDue.delete(entry.key);
            byUser.delete(ScheduleKeys.byUser(held.userId(), held.notificationId()));
            heldCount--;
            String reason = releaseRefusal(held, now);
            Headers headers = Header.restore(entry.value.headers());
            context.forward(new Record<>(held.userId(), held.decidedAt(now, reason), now,
                    reason == null ? RoutedReason.with(headers, RoutedReason.RELEASED) : headers));
        }
    }

    private String releaseRefusal(Dispatch held, long now) {
        if (held.expiresAt() != null && held.expiresAt() <= now) {
            return SuppressionReason.EXPIRED;
        }
        UserSettings current = new UserSettings(ContactKeys.rowsOf(userSettings, held.userId()));
        return optIns.allows(current, held.plan().channel(), held.plan().category()) ? null : SuppressionReason.OPTED_OUT;
    }

    private List<KeyValue<String, HoldRef>> heldOf(String userId) {
        List<KeyValue<String, HoldRef>> entries = new ArrayList<>();
        try (KeyValueIterator<String, HoldRef> scan = byUser.prefixScan(ScheduleKeys.userPrefix(userId), ScheduleKeys.SERIALIZER)) {
            scan.forEachRemaining(entries::add);
        }
        return entries;
    }
}
