package io.notify.enricher.schedule;

import io.notify.runtime.config.ConfigSource;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How much the schedule may hold and how long notifications live, read once:
 * <pre>
 * enricher.schedule.held.max            100000  held notifications per task; beyond, a new one is SUPPRESSED schedule_full
 * enricher.schedule.held.per.user.max   100     held notifications per user; beyond, likewise
 * enricher.schedule.max.delay           P30D    a send-at further ahead is SUPPRESSED send_at_too_far
 * enricher.schedule.check.interval      PT0.5S  how often due notifications are released
 * enricher.expiry.category.CATEGORY     (none)  time to live of the category's notifications from when they are due
 * enricher.quiet.hours.category.CATEGORY (none) the category's quiet hours, HH:MM-HH:MM, for users without their own
 * enricher.quiet.hours.fallback.zone    UTC     the zone of a user whose timezone Java does not know
 * </pre>
 * The bounds keep one user's (or one producer's) schedule from growing without end; the held
 * notification is the rendered message for one address, so a task holds at most
 * {@code held.max} of them.
 */
public record ScheduleSettings(int heldMax, int heldPerUserMax, Duration maxDelay, Duration checkInterval,
                               Map<String, Duration> ttlByCategory, Map<String, QuietHours> quietHoursByCategory,
                               ZoneId fallbackZone) {

    public static final String EXPIRY_CATEGORY_PREFIX = "enricher.expiry.category";
    public static final String QUIET_HOURS_CATEGORY_PREFIX = "enricher.quiet.hours.category";

    public ScheduleSettings {
        ttlByCategory = Map.copyOf(ttlByCategory);
        quietHoursByCategory = Map.copyOf(quietHoursByCategory);
    }

    public static ScheduleSettings from(ConfigSource config) {
        Map<String, Duration> ttls = new HashMap<>();
        config.under(EXPIRY_CATEGORY_PREFIX).keySet()
                .forEach(category -> ttls.put(category, config.duration(EXPIRY_CATEGORY_PREFIX + "." + category, null)));
        Map<String, QuietHours> quiet = new HashMap<>();
        config.under(QUIET_HOURS_CATEGORY_PREFIX).forEach((category, window) -> quiet.put(category,
                QuietHours.parse(window).orElseThrow(() -> new IllegalArgumentException(
                        QUIET_HOURS_CATEGORY_PREFIX + "." + category + " is not HH:MM-HH:MM: " + window))));
        return new ScheduleSettings(
                config.integer("enricher.schedule.held.max", 100_000),
                config.integer("enricher.schedule.held.per.user.max", 100),
                config.duration("enricher.schedule.max.delay", Duration.ofDays(30)),
                config.duration("enricher.schedule.check.interval", Duration.ofMillis(500)),
                ttls,
                quiet,
                ZoneId.of(config.string("enricher.quiet.hours.fallback.zone", "UTC")));
    }

    public Optional<QuietHours> quietHours(String category) {
        return Optional.ofNullable(quietHoursByCategory.get(category));
    }

    public Optional<Duration> ttl(String category) {
        return Optional.ofNullable(ttlByCategory.get(category));
    }
}
