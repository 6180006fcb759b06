package io.notify.enricher;

import io.notify.enricher.schedule.ScheduleSettings;
import io.notify.runtime.config.ConfigSource;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The enricher's typed configuration, read once from a {@link ConfigSource}. Every key has a local
 * default so the app starts against a local stack with no configuration at all.
 *
 * @param hourlyLimitByCategory overrides of {@code defaultHourlyLimit} per category; 0 means unlimited
 * @param emailMaxBytes the largest rendered email (subject, text and HTML, UTF-8) the enricher routes;
 *                      it must leave room for the rest of the record under the producer's
 *                      {@code max.request.size} and the topic's {@code max.message.bytes}
 */
public record EnricherSettings(
        String applicationId,
        Optional<String> instanceId,
        String stateDir,
        int streamThreads,
        Duration commitInterval,
        Duration dedupeRetention,
        boolean defaultOptIn,
        Set<String> transactionalCategories,
        int defaultHourlyLimit,
        Map<String, Integer> hourlyLimitByCategory,
        String defaultLocale,
        String defaultCategory,
        String defaultFromAddress,
        long emailMaxBytes,
        Duration notificationLogRetention,
        int historyPerNotification,
        int recentPerUser,
        String httpHost,
        int httpPort,
        long rocksDbBlockCacheBytes,
        long rocksDbWriteBufferBytes,
        Duration contactWait,
        Duration contactSettle,
        int heldEventsMax,
        int heldEventMaxBytes,
        ScheduleSettings schedule) {

    public static final String RATE_LIMIT_CATEGORY_PREFIX = "enricher.rate.limit.category";

    public EnricherSettings {
        transactionalCategories = Set.copyOf(transactionalCategories);
        hourlyLimitByCategory = Map.copyOf(hourlyLimitByCategory);
    }

    public static EnricherSettings from(ConfigSource config) {
        Map<String, Integer> limits = new HashMap<>();
        config.under(RATE_LIMIT_CATEGORY_PREFIX).forEach((category, value) -> limits.put(category, Integer.parseInt(value.strip())));
        return new EnricherSettings(
                config.string("enricher.application.id", "notify-enricher"),
                // A stable name per instance (static group membership): an instance that restarts
                // under the same name gets its tasks back at once, without waiting out its old
                // session and a rebalance of every instance. Unset: dynamic membership.
                config.find("enricher.instance.id"),
                config.string("enricher.state.dir", System.getProperty("java.io.tmpdir") + "/notify-enricher"),
                config.integer("enricher.stream.threads", 1),
                config.duration("enricher.commit.interval", Duration.ofMillis(100)),
                config.duration("enricher.dedupe.retention", Duration.ofHours(24)),
                config.bool("enricher.default.opt.in", true),
                csv(config.string("enricher.transactional.categories", "security,password_reset")),
                config.integer("enricher.rate.limit.per.hour", 10),
                limits,
                config.string("enricher.default.locale", "en"),
                config.string("enricher.default.category", "general"),
                config.string("enricher.email.from", "no-reply@notify.example"),
                // 1 MiB (the producer's and broker's default record limit) less 64 KiB for the
                // rest of the record: meta, addresses, Avro framing, headers copied from the event.
                config.longValue("enricher.email.max.bytes", 960L * 1024),
                config.duration("enricher.notification.log.retention", Duration.ofDays(7)),
                config.integer("enricher.notification.log.history", 32),
                config.integer("enricher.notification.log.recent.per.user", 50),
                config.string("enricher.http.host", "localhost"),
                config.integer("enricher.http.port", 8090),
                config.longValue("enricher.rocksdb.block.cache.bytes", 768L * 1024 * 1024),
                // Shared by every store and window segment. The table stores' memtables hold CDC data
                // and rarely fill; once they take most of the budget, every write to a hot store
                // (dedupe, notification log) flushes a tiny memtable and compaction outruns
                // processing. 128 MiB did so at 100 000 users; 384 MiB did not (benchmarks/README.md).
                config.longValue("enricher.rocksdb.write.buffer.bytes", 384L * 1024 * 1024),
                config.duration("enricher.contact.wait", Duration.ofMinutes(5)),
                // Devices and settings reach the user's task through a repartition topic, one
                // commit interval behind the user's row of the same transaction.
                config.duration("enricher.contact.settle", Duration.ofSeconds(1)),
                config.integer("enricher.contact.held.max", 100_000),
                config.integer("enricher.contact.held.event.max.bytes", 256 * 1024),
                ScheduleSettings.from(config));
    }

    /** Defaults only: what tests start from. */
    public static EnricherSettings defaults() {
        return from(ConfigSource.of(Map.of()));
    }

    public boolean isTransactional(String category) {
        return category != null && transactionalCategories.contains(category.toLowerCase(Locale.ROOT));
    }

    /** At most this many notifications per user, channel and category an hour; 0 means no limit. */
    public int hourlyLimit(String category) {
        return hourlyLimitByCategory.getOrDefault(category, defaultHourlyLimit);
    }

    private static Set<String> csv(String value) {
        return Arrays.stream(value.split(","))
                .map(s -> s.strip().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
