package io.notify.contract;

import io.notify.schemas.Channel;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Every topic of the platform's public contract, in one place. */
public final class Topics {

    /** Events and channel topics share this count so that per-user order holds end to end. */
    public static final int USER_KEYED_PARTITIONS = 6;

    public static final String EVENTS_PREFIX = "events.";
    public static final Pattern EVENTS_PATTERN = Pattern.compile("events\\..+");

    public static final String REQUESTS = "notify.requests";
    /**
     * Keyed by notification id, so that compaction keeps each notification's latest status, but
     * placed on the partition of its user (kafka-runtime's {@code UserPartition}): every producer
     * must set the partition. A routed notification has no status here: its channel record is it.
     */
    public static final String STATUS = "notify.status";
    public static final String DEVICE_FEEDBACK = "notify.device-feedback";
    public static final String EVENTS_DLQ = "notify.events.dlq";

    public static final String CDC_PREFIX = "userdb";
    public static final String CDC_USERS = CDC_PREFIX + ".public.users";
    public static final String CDC_DEVICES = CDC_PREFIX + ".public.devices";
    public static final String CDC_SETTINGS = CDC_PREFIX + ".public.notification_settings";
    public static final String CDC_TEMPLATES = CDC_PREFIX + ".public.templates";

    /** The two example services whose events ship with the contract. */
    public static final String EVENTS_SHOP = EVENTS_PREFIX + "shop";
    public static final String EVENTS_BILLING = EVENTS_PREFIX + "billing";

    private Topics() {
    }

    public static String channel(Channel channel) {
        return "notify." + channel.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The channel's urgent lane: what the enricher routes here (HIGH priority, transactional
     * categories) the delivery app consumes with a consumer and in-flight budget of its own, so
     * it never waits behind a marketing burst on {@link #channel}. Order holds within a lane,
     * not across the two.
     */
    public static String channelUrgent(Channel channel) {
        return channel(channel) + ".urgent";
    }

    public static String channelDlq(Channel channel) {
        return channel(channel) + ".dlq";
    }

    /** Every topic the platform needs before its apps start, with the settings it needs. */
    public static List<TopicSpec> all() {
        Stream<TopicSpec> events = Stream.of(EVENTS_SHOP, EVENTS_BILLING, REQUESTS)
                .map(name -> TopicSpec.deleted(name, USER_KEYED_PARTITIONS));
        Stream<TopicSpec> channels = Stream.of(Channel.values())
                .flatMap(channel -> Stream.of(
                        TopicSpec.deleted(channel(channel), USER_KEYED_PARTITIONS),
                        TopicSpec.deleted(channelUrgent(channel), USER_KEYED_PARTITIONS),
                        TopicSpec.deleted(channelDlq(channel), USER_KEYED_PARTITIONS)));
        Stream<TopicSpec> cdc = Stream.of(CDC_USERS, CDC_DEVICES, CDC_SETTINGS, CDC_TEMPLATES)
                .map(name -> TopicSpec.compacted(name, USER_KEYED_PARTITIONS));
        Stream<TopicSpec> platform = Stream.of(
                TopicSpec.compacted(STATUS, USER_KEYED_PARTITIONS),
                TopicSpec.compacted(DEVICE_FEEDBACK, USER_KEYED_PARTITIONS),
                TopicSpec.deleted(EVENTS_DLQ, USER_KEYED_PARTITIONS));
        return Stream.of(events, channels, cdc, platform).flatMap(s -> s).toList();
    }
}
