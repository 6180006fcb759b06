package io.notify.cli.platform;

import io.notify.schemas.Channel;
import io.notify.stack.StackEndpoints;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What the enricher must make of an event, worked out from the contact rows and templates in
 * PostgreSQL (what the sample data wrote) and the trace contract alone, never from what the
 * platform reports: per channel, one outcome per address (per device for push), ROUTED or the
 * suppression reason, each under the notification id the contract defines.
 */
final class ExpectedNotifications {

    static final String ROUTED = "ROUTED";
    private static final String DEFAULT_LOCALE = "en";
    private static final String DEFAULT_CATEGORY = "general";
    private static final Set<String> TRANSACTIONAL_CATEGORIES = Set.of("security", "password_reset");
    // Shapes only: the enricher's checks are stricter, and the sample data has no address near the edge.
    private static final Pattern E164 = Pattern.compile("^\\+[1-9]\\d{1,14}$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    /** One notification an event must yield: a record at a provider when ROUTED, else a SUPPRESSED status. */
    record Notification(String id, String eventId, String userId, Channel channel, String address, String outcome) {

        boolean isRouted() {
            return ROUTED.equals(outcome);
        }
    }

    private record User(String email, String phone, String locale) {
    }

    private record Template(String category) {
    }

    private final Map<String, User> users = new HashMap<>();
    private final Map<String, List<String>> tokensByUserAndPlatform = new HashMap<>();
    private final Map<String, Boolean> optInByUserChannelCategory = new HashMap<>();
    private final Map<String, Template> templatesByTypeChannelLocale = new HashMap<>();

    private ExpectedNotifications() {
    }

    static ExpectedNotifications fromDatabase(StackEndpoints stack) throws SQLException {
        ExpectedNotifications expected = new ExpectedNotifications();
        try (Connection db = DriverManager.getConnection(stack.jdbcUrl(), stack.jdbcUser(), stack.jdbcPassword());
             Statement sql = db.createStatement()) {
            try (ResultSet rows = sql.executeQuery("SELECT id, email, phone_number, locale FROM users")) {
                while (rows.next()) {
                    expected.users.put(rows.getString(1), new User(rows.getString(2), rows.getString(3), rows.getString(4)));
                }
            }
            try (ResultSet rows = sql.executeQuery(
                    "SELECT user_id, platform, device_token FROM devices WHERE invalidated_at IS NULL ORDER BY id")) {
                while (rows.next()) {
                    expected.tokensByUserAndPlatform.computeIfAbsent(rows.getString(1) + "|" + rows.getString(2).toLowerCase(Locale.ROOT),
                            key -> new ArrayList<>()).add(rows.getString(3));
                }
            }
            try (ResultSet rows = sql.executeQuery("SELECT user_id, channel, category, opt_in FROM notification_settings")) {
                while (rows.next()) {
                    expected.optInByUserChannelCategory.put(rows.getString(1) + "|" + rows.getString(2) + "|" + rows.getString(3),
                            rows.getBoolean(4));
                }
            }
            try (ResultSet rows = sql.executeQuery("SELECT event_type, channel, locale, category FROM templates WHERE event_type IS NOT NULL")) {
                while (rows.next()) {
                    expected.templatesByTypeChannelLocale.put(rows.getString(1) + "|" + rows.getString(2) + "|" + normalize(rows.getString(3)),
                            new Template(rows.getString(4)));
                }
            }
        }
        return expected;
    }

    /**
     * Every notification of one event. An event these rows would dead-letter (unknown user, no
     * template on any channel) is refused: the caller's inputs are meant to be routable.
     */
    List<Notification> of(String eventId, String userId, String eventType) {
        User user = users.get(userId);
        if (user == null) {
            throw new IllegalArgumentException("no users row for " + userId + ": the event would be dead-lettered unknown_user");
        }
        Map<Channel, Template> templates = new HashMap<>();
        for (Channel channel : Channel.values()) {
            template(eventType, channel, user.locale()).ifPresent(template -> templates.put(channel, template));
        }
        if (templates.isEmpty()) {
            throw new IllegalArgumentException("no template for " + eventType + ": the event would be dead-lettered no_template");
        }
        List<Notification> notifications = new ArrayList<>();
        for (Channel channel : Channel.values()) {
            Map<String, Boolean> addresses = addresses(userId, user, channel);
            Template template = templates.get(channel);
            if (template == null) {
                addresses.forEach((address, valid) -> notifications.add(
                        notification(eventId, userId, channel, address, valid ? "no_template" : "invalid_recipient")));
            } else if (addresses.isEmpty()) {
                notifications.add(notification(eventId, userId, channel, "", "no_address"));
            } else {
                boolean optedOut = !optedIn(userId, channel, template.category());
                addresses.forEach((address, valid) -> notifications.add(notification(eventId, userId, channel, address,
                        optedOut ? "opted_out" : valid ? ROUTED : "invalid_recipient")));
            }
        }
        return notifications;
    }

    /** The contract's id: a name-based UUID of event id, user, channel and address. */
    private static Notification notification(String eventId, String userId, Channel channel, String address, String outcome) {
        String name = String.join("|", eventId, userId, channel.name(), address);
        String id = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
        return new Notification(id, eventId, userId, channel, address, outcome);
    }

    /** The user's locale, then its language, then the default locale. */
    private Optional<Template> template(String eventType, Channel channel, String userLocale) {
        Set<String> chain = new LinkedHashSet<>();
        String locale = normalize(userLocale);
        if (!locale.isEmpty()) {
            chain.add(locale);
            if (locale.indexOf('-') > 0) {
                chain.add(locale.substring(0, locale.indexOf('-')));
            }
        }
        chain.add(DEFAULT_LOCALE);
        String channelName = channel.name().toLowerCase(Locale.ROOT);
        return chain.stream().map(l -> templatesByTypeChannelLocale.get(eventType + "|" + channelName + "|" + l))
                .filter(Objects::nonNull).findFirst();
    }

    /** Address to whether it is usable. */
    private Map<String, Boolean> addresses(String userId, User user, Channel channel) {
        Map<String, Boolean> addresses = new LinkedHashMap<>();
        switch (channel) {
            case IOS, ANDROID -> tokensByUserAndPlatform
                    .getOrDefault(userId + "|" + channel.name().toLowerCase(Locale.ROOT), List.of())
                    .forEach(token -> addresses.put(token, true));
            case SMS -> {
                if (user.phone() != null && !user.phone().isBlank()) {
                    addresses.put(user.phone(), E164.matcher(user.phone()).matches());
                }
            }
            case EMAIL -> {
                if (user.email() != null && !user.email().isBlank()) {
                    addresses.put(user.email(), EMAIL.matcher(user.email()).matches());
                }
            }
        }
        return addresses;
    }

    private boolean optedIn(String userId, Channel channel, String category) {
        String effective = category == null || category.isBlank() ? DEFAULT_CATEGORY : category;
        if (TRANSACTIONAL_CATEGORIES.contains(effective.toLowerCase(Locale.ROOT))) {
            return true;
        }
        return optInByUserChannelCategory.getOrDefault(userId + "|" + channel.name().toLowerCase(Locale.ROOT) + "|" + effective, true);
    }

    private static String normalize(String locale) {
        return locale == null ? "" : locale.strip().replace('_', '-').toLowerCase(Locale.ROOT);
    }
}
