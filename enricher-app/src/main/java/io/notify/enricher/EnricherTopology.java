package io.notify.enricher;

import static io.notify.enricher.TopologyNames.*;

import io.notify.contract.Topics;
import io.notify.enricher.deadletter.DeadLetterReason;
import io.notify.enricher.deadletter.DeadLetterWriter;
import io.notify.enricher.deadletter.Rejection;
import io.notify.enricher.dedupe.EventDeduplicator;
import io.notify.enricher.intake.EventIntake;
import io.notify.enricher.intake.IncomingEvent;
import io.notify.enricher.intake.Outcome;
import io.notify.enricher.intake.RequestIntake;
import io.notify.enricher.metrics.EnricherMetrics;
import io.notify.enricher.preferences.NotificationSetting;
import io.notify.enricher.preferences.OptInPolicy;
import io.notify.enricher.preferences.PreferenceFilter;
import io.notify.enricher.ratelimit.RateLimiter;
import io.notify.enricher.recipients.ContactBook;
import io.notify.enricher.recipients.ContactChange;
import io.notify.enricher.recipients.ContactInput;
import io.notify.enricher.recipients.ContactRowsByUser;
import io.notify.enricher.recipients.Device;
import io.notify.enricher.recipients.HeldEvent;
import io.notify.enricher.recipients.Recipient;
import io.notify.enricher.recipients.UserProfile;
import io.notify.enricher.rendering.ContentResolution;
import io.notify.enricher.rendering.RenderedEvent;
import io.notify.enricher.rendering.TemplateCatalog;
import io.notify.enricher.rendering.TemplateRow;
import io.notify.enricher.routing.ChannelMessages;
import io.notify.enricher.routing.ChannelPlan;
import io.notify.enricher.routing.Dispatch;
import io.notify.enricher.routing.DispatchFanOut;
import io.notify.enricher.routing.PayloadLimit;
import io.notify.enricher.routing.PriorityLane;
import io.notify.enricher.routing.StatusEvents;
import io.notify.enricher.routing.StatusesByUser;
import io.notify.enricher.schedule.HeldDispatch;
import io.notify.enricher.schedule.HoldRef;
import io.notify.enricher.schedule.QuietHoursPolicy;
import io.notify.enricher.schedule.ScheduleInput;
import io.notify.enricher.schedule.SendSchedule;
import io.notify.enricher.serde.EnricherSerdes;
import io.notify.enricher.serde.JsonSerde;
import io.notify.enricher.status.NotificationHistory;
import io.notify.enricher.status.NotificationLogWriter;
import io.notify.enricher.status.RoutedEntries;
import io.notify.enricher.status.StatusEntry;
import io.notify.enricher.status.UserNotificationsWriter;
import io.notify.schemas.AndroidPushNotification;
import io.notify.schemas.Channel;
import io.notify.schemas.EmailNotification;
import io.notify.schemas.IosPushNotification;
import io.notify.schemas.NotificationMeta;
import io.notify.schemas.SmsNotification;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The enricher: domain events and notification requests in, one record per channel and address
 * out, every decision recorded on {@code notify.status}, every refused input on the dead-letter
 * topic. The steps, in order:
 * <ol>
 * <li>intake: decode events and requests (fan a request out per user), reject bad input;</li>
 * <li>recipients: one processor owns each user's contact data (CDC: the users row, one entry per device and
 * setting) and joins events with it; an event that outruns its user's row waits for it, then is rejected;</li>
 * <li>rendering: pick templates (global store, locale fallback) and render; reject missing templates or variables;</li>
 * <li>dedupe: drop an event id already seen for this user within the retention;</li>
 * <li>preferences, rate limit, recipient validation: decide what is suppressed, and why;</li>
 * <li>schedule: hold what is not due yet (send-at, delay) with a HELD status, release it when due;
 * expire, cancel and collapse;</li>
 * <li>routing: one record per address to its channel topic (urgent ones to the channel's urgent lane), or a
 * SUPPRESSED status with the reason;</li>
 * <li>notification log: fold the channel records (ROUTED) and {@code notify.status} into queryable stores.</li>
 * </ol>
 */
public final class EnricherTopology {

    private static final Serde<String> KEYS = Serdes.String();

    private EnricherTopology() {
    }

    public static Topology build(StreamsBuilder builder, EnricherSettings settings, EnricherSerdes serdes,
                                 EnricherMetrics metrics, Properties streamsConfig) {
        addStores(builder, settings);
        templates(builder);

        KStream<String, Outcome<IncomingEvent>> events = builder
                .stream(Topics.EVENTS_PATTERN, Consumed.with(KEYS, Serdes.ByteArray()).withName(EVENTS_SOURCE))
                .peek((k, v) -> metrics.eventIn("events"), Named.as("count-events-in"))
                .processValues(() -> new EventIntake(serdes.events().deserializer()), Named.as("events-intake"));
        KStream<String, Outcome<IncomingEvent>> requests = builder
                .stream(Topics.REQUESTS, Consumed.with(KEYS, Serdes.ByteArray()).withName(REQUESTS_SOURCE))
                .peek((k, v) -> metrics.eventIn("requests"), Named.as("count-requests-in"))
                .process(() -> new RequestIntake(serdes.requests().deserializer()), Named.as("requests-intake"));

        Map<String, KStream<String, Outcome<IncomingEvent>>> eventOutcomes = splitOutcomes(events, "events-");
        Map<String, KStream<String, Outcome<IncomingEvent>>> requestOutcomes = splitOutcomes(requests, "requests-");

        KStream<String, IncomingEvent> requestsByUser = requestOutcomes.get("requests-accepted")
                .mapValues(Outcome::value, Named.as("requests-accepted-values"))
                .repartition(Repartitioned.<String, IncomingEvent>as(REQUESTS_BY_USER)
                        .withKeySerde(KEYS).withValueSerde(JsonSerde.internal(IncomingEvent.class)));
        KStream<String, ContactInput> incoming = eventOutcomes.get("events-accepted")
                .mapValues(Outcome::value, Named.as("events-accepted-values"))
                .merge(requestsByUser, Named.as("incoming"))
                .mapValues(event -> (ContactInput) new ContactInput.Event(event), Named.as("incoming-as-contact-input"));

        Map<String, KStream<String, Outcome<Recipient>>> recipients = splitOutcomes(incoming
                .merge(contactData(builder), Named.as("events-and-contact-data"))
                .process(() -> new ContactBook(settings), Named.as("join-contact-data"),
                        USERS_STORE, DEVICES_STORE, SETTINGS_STORE, HELD_EVENTS_STORE, SETTLING_USERS_STORE), "recipients-");

        KStream<String, Recipient> known = recipients.get("recipients-accepted")
                .mapValues(Outcome::value, Named.as("recipients-accepted-values"));
        // Before the event's own notifications, so that an event never cancels what it schedules itself.
        KStream<String, ScheduleInput> cancellations = known
                .filter((userId, recipient) -> recipient.event().terms().cancels() != null, Named.as("cancelling-events"))
                .mapValues(recipient -> (ScheduleInput) new ScheduleInput.Cancellation(recipient.event().terms().cancels()),
                        Named.as("cancellations"));
        KStream<String, Outcome<RenderedEvent>> rendered = known
                .processValues(() -> new ContentResolution(settings), Named.as("resolve-content"));
        Map<String, KStream<String, Outcome<RenderedEvent>>> renderOutcomes = splitOutcomes(rendered, "render-");

        KStream<String, Dispatch> dispatches = renderOutcomes.get("render-accepted")
                .mapValues(Outcome::value, Named.as("render-accepted-values"))
                .processValues(() -> new EventDeduplicator(settings.dedupeRetention(), metrics), Named.as("dedupe"), DEDUPE_STORE)
                .mapValues(new PreferenceFilter(new OptInPolicy(settings)), Named.as("apply-preferences"))
                .mapValues(new PayloadLimit(settings.emailMaxBytes()), Named.as("apply-payload-limits"))
                .flatMapValues(RenderedEvent::plans, Named.as("plan-per-channel"))
                .processValues(() -> new RateLimiter(settings), Named.as("rate-limit"), RATE_LIMIT_STORE)
                .processValues(DispatchFanOut::new, Named.as("dispatch-per-address"))
                .mapValues(dispatch -> (ScheduleInput) new ScheduleInput.Dispatched(dispatch), Named.as("dispatches-to-schedule"))
                .merge(cancellations, Named.as("schedule-inputs"))
                .process(() -> new SendSchedule(settings.schedule(), new OptInPolicy(settings), new QuietHoursPolicy(settings)),
                        Named.as("schedule"), SCHEDULE_STORE, SCHEDULE_BY_USER_STORE, SETTINGS_STORE, USERS_STORE);

        route(dispatches, serdes, metrics, new ChannelMessages(settings.defaultFromAddress()), new PriorityLane(settings));
        deadLetters(metrics, rejections(eventOutcomes.get("events-rejected"), "events"),
                rejections(requestOutcomes.get("requests-rejected"), "requests"),
                rejections(recipients.get("recipients-rejected"), "recipients"),
                rejections(renderOutcomes.get("render-rejected"), "render"));
        notificationLog(builder, settings, serdes);
        return builder.build(streamsConfig);
    }

    /**
     * The users rows as they are (keyed by user id already), and every device and setting row
     * re-keyed by its user through one repartition topic, so that all of a user's contact data
     * reaches the task of the user's events.
     */
    private static KStream<String, ContactInput> contactData(StreamsBuilder builder) {
        KStream<String, ContactInput> users = builder
                .stream(Topics.CDC_USERS, Consumed.with(KEYS, JsonSerde.cdcRow(UserProfile.class)).withName(USERS_SOURCE))
                .mapValues(row -> (ContactInput) new ContactInput.UserRow(row), Named.as("users-as-contact-input"));
        KStream<String, ContactChange> devices = builder
                .stream(Topics.CDC_DEVICES, Consumed.with(KEYS, JsonSerde.cdcRow(Device.class)).withName(DEVICES_SOURCE))
                .process(() -> new ContactRowsByUser<>(DEVICE_OWNERS_STORE, Device::userId, ContactChange::device),
                        Named.as("devices-by-user"), DEVICE_OWNERS_STORE);
        KStream<String, ContactChange> settings = builder
                .stream(Topics.CDC_SETTINGS, Consumed.with(KEYS, JsonSerde.cdcRow(NotificationSetting.class)).withName(SETTINGS_SOURCE))
                .process(() -> new ContactRowsByUser<>(SETTING_OWNERS_STORE, NotificationSetting::userId, ContactChange::setting),
                        Named.as("settings-by-user"), SETTING_OWNERS_STORE);
        return devices.merge(settings, Named.as("contact-changes"))
                .repartition(Repartitioned.<String, ContactChange>as(CONTACT_CHANGES_BY_USER)
                        .withKeySerde(KEYS).withValueSerde(JsonSerde.internal(ContactChange.class)))
                .mapValues(change -> (ContactInput) new ContactInput.RowChanged(change), Named.as("changes-as-contact-input"))
                .merge(users, Named.as("contact-data"));
    }

    private static void templates(StreamsBuilder builder) {
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TEMPLATES_STORE), KEYS, JsonSerde.internal(TemplateRow.class))
                        .withLoggingDisabled(),
                Topics.CDC_TEMPLATES,
                Consumed.with(KEYS, JsonSerde.cdcRow(TemplateRow.class)).withName(TEMPLATES_SOURCE),
                TemplateCatalog::new);
    }

    private static void addStores(StreamsBuilder builder, EnricherSettings settings) {
        // The users store keeps the CDC row format, so its changelog reads like the topic it mirrors.
        builder.addStateStore(keyValueStore(USERS_STORE, JsonSerde.cdcRow(UserProfile.class)));
        builder.addStateStore(keyValueStore(DEVICES_STORE, JsonSerde.internal(Device.class)));
        builder.addStateStore(keyValueStore(SETTINGS_STORE, JsonSerde.internal(NotificationSetting.class)));
        builder.addStateStore(keyValueStore(HELD_EVENTS_STORE, JsonSerde.internal(HeldEvent.class)));
        builder.addStateStore(keyValueStore(SETTLING_USERS_STORE, Serdes.Long()));
        builder.addStateStore(keyValueStore(SCHEDULE_STORE, JsonSerde.internal(HeldDispatch.class)));
        builder.addStateStore(keyValueStore(SCHEDULE_BY_USER_STORE, JsonSerde.internal(HoldRef.class)));
        builder.addStateStore(keyValueStore(DEVICE_OWNERS_STORE, KEYS));
        builder.addStateStore(keyValueStore(SETTING_OWNERS_STORE, KEYS));
        Duration dedupe = settings.dedupeRetention();
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(DEDUPE_STORE, dedupe, dedupe, false), KEYS, Serdes.Long()));
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(RATE_LIMIT_STORE, RateLimiter.WINDOW.multipliedBy(2), RateLimiter.WINDOW, false),
                KEYS, Serdes.Long()));
    }

    private static <V> Map<String, KStream<String, Outcome<V>>> splitOutcomes(KStream<String, Outcome<V>> stream, String prefix) {
        return stream.split(Named.as(prefix))
                .branch((key, outcome) -> outcome.isRejected(), Branched.as("rejected"))
                .defaultBranch(Branched.as("accepted"));
    }

    private static <V> KStream<String, Rejection> rejections(KStream<String, Outcome<V>> rejected, String step) {
        return rejected.mapValues(Outcome::rejection, Named.as(step + "-rejections"));
    }

    @SafeVarargs
    private static void deadLetters(EnricherMetrics metrics, KStream<String, Rejection>... rejected) {
        KStream<String, Rejection> all = rejected[0];
        for (int i = 1; i < rejected.length; i++) {
            all = all.merge(rejected[i], Named.as("dead-letters-" + i));
        }
        all.peek((key, rejection) -> metrics.deadLettered(rejection.reason()), Named.as("count-dead-letters"))
                .process(DeadLetterWriter::new, Named.as("dead-letter-records"))
                .to(EVENTS_DLQ, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("dead-letter-sink"));
    }

    /**
     * A routed dispatch is its record on its channel's topic (the notification log reads ROUTED
     * from there); a suppressed or held one is its status with the reason.
     */
    private static void route(KStream<String, Dispatch> dispatches, EnricherSerdes serdes, EnricherMetrics metrics,
                              ChannelMessages messages, PriorityLane lanes) {
        Map<String, KStream<String, Dispatch>> byOutcome = dispatches
                .peek((userId, d) -> {
                    if (d.isSuppressed()) {
                        metrics.suppressed(d.suppressedReason());
                    } else if (d.isHeld()) {
                        metrics.held(d.hold().reason());
                    } else {
                        metrics.notificationOut(d.plan().channel().name());
                    }
                }, Named.as("count-dispatches"))
                .split(Named.as("dispatches-"))
                .branch((userId, d) -> d.isSuppressed() || d.isHeld(), Branched.as("decided-later-or-not-at-all"))
                .defaultBranch(Branched.as("routed"));

        byOutcome.get("dispatches-decided-later-or-not-at-all")
                .map((userId, d) -> KeyValue.pair(d.notificationId(), StatusEvents.of(d)), Named.as("status-per-dispatch"))
                .to(STATUS, Produced.with(KEYS, serdes.status()).withStreamPartitioner(new StatusesByUser()).withName("status-sink"));

        KStream<String, Dispatch> routed = byOutcome.get("dispatches-routed");
        toChannel(routed, Channel.IOS, messages::ios, IosPushNotification::getMeta, serdes.ios(), lanes);
        toChannel(routed, Channel.ANDROID, messages::android, AndroidPushNotification::getMeta, serdes.android(), lanes);
        toChannel(routed, Channel.SMS, messages::sms, SmsNotification::getMeta, serdes.sms(), lanes);
        toChannel(routed, Channel.EMAIL, messages::email, EmailNotification::getMeta, serdes.email(), lanes);
    }

    private static <T extends SpecificRecord> void toChannel(KStream<String, Dispatch> routed, Channel channel,
                                                             Function<Dispatch, T> message, Function<T, NotificationMeta> meta,
                                                             Serde<T> serde, PriorityLane lanes) {
        String name = channel.name().toLowerCase(Locale.ROOT);
        routed.filter((userId, d) -> d.plan().channel() == channel, Named.as("routed-" + name))
                .mapValues(message::apply, Named.as("message-" + name))
                .to((userId, notification, context) -> lanes.topic(channel, meta.apply(notification)),
                        Produced.with(KEYS, serde).withName("sink-" + name));
    }

    /**
     * The notification log: history per notification id and recent notifications per user, folded
     * from the channel records (ROUTED) and {@code notify.status} (everything else). Both are
     * placed by user, so the log of a user is kept in the task of the user's partition, without a
     * repartition, in a sub-topology of its own.
     */
    private static void notificationLog(StreamsBuilder builder, EnricherSettings settings, EnricherSerdes serdes) {
        Duration retention = settings.notificationLogRetention();
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(NOTIFICATION_LOG_STORE, retention, UserNotificationsWriter.BUCKET, false),
                KEYS, JsonSerde.internal(NotificationHistory.class)));
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(USER_NOTIFICATIONS_STORE, retention, UserNotificationsWriter.BUCKET, false),
                KEYS, JsonSerde.internal(StatusEntry.class)));

        KStream<String, StatusEntry> statuses = builder.stream(STATUS, Consumed.with(KEYS, serdes.status()).withName(STATUS_SOURCE))
                .filter((id, status) -> status != null, Named.as("status-present"))
                .mapValues(StatusEntry::of, Named.as("status-entry"));
        routedEntries(builder, Channel.IOS, serdes.ios(), IosPushNotification::getMeta)
                .merge(routedEntries(builder, Channel.ANDROID, serdes.android(), AndroidPushNotification::getMeta), Named.as("routed-push"))
                .merge(routedEntries(builder, Channel.SMS, serdes.sms(), SmsNotification::getMeta), Named.as("routed-push-sms"))
                .merge(routedEntries(builder, Channel.EMAIL, serdes.email(), EmailNotification::getMeta), Named.as("routed-all"))
                .merge(statuses, Named.as("log-entries"))
                .processValues(() -> new NotificationLogWriter(retention, settings.historyPerNotification()),
                        Named.as("fold-notification-log"), NOTIFICATION_LOG_STORE)
                .processValues(() -> new UserNotificationsWriter(),
                        Named.as("fold-user-notifications"), USER_NOTIFICATIONS_STORE);
    }

    private static <T extends SpecificRecord> KStream<String, StatusEntry> routedEntries(
            StreamsBuilder builder, Channel channel, Serde<T> serde, Function<T, NotificationMeta> meta) {
        String name = channel.name().toLowerCase(Locale.ROOT);
        return builder.stream(List.of(Topics.channel(channel), Topics.channelUrgent(channel)),
                        Consumed.with(KEYS, serde).withName("log-" + name + "-source"))
                .processValues(() -> new RoutedEntries<>(channel, meta), Named.as("routed-entry-" + name));
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> keyValueStore(String name, Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), KEYS, values);
    }
}
