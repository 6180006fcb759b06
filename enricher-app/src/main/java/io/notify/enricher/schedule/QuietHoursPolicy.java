package io.notify.enricher.schedule;

import io.notify.enricher.EnricherSettings;
import io.notify.enricher.recipients.UserProfile;
import io.notify.enricher.routing.Dispatch;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Whose quiet hours hold a notification back, and until when. The user's own window
 * ({@code users.quiet_hours}) wins; without one, its category's default
 * ({@code enricher.quiet.hours.category.<category>}). Urgent (HIGH priority) notifications and
 * transactional categories go through. The window is read in {@code users.timezone}; a zone
 * Java does not know is read in {@code enricher.quiet.hours.fallback.zone} (UTC).
 */
public final class QuietHoursPolicy {

    private final EnricherSettings settings;

    public QuietHoursPolicy(EnricherSettings settings) {
        this.settings = settings;
    }

    /**
     * The end of the quiet window {@code due} falls in for this user, if any applies. The user's
     * row is read only for what quiet hours can hold back.
     */
    public Optional<Instant> releaseAt(Dispatch dispatch, Supplier<UserProfile> users, long due) {
        String category = dispatch.plan().category();
        if ("HIGH".equals(dispatch.plan().event().priority()) || settings.isTransactional(category)) {
            return Optional.empty();
        }
        UserProfile user = users.get();
        Optional<QuietHours> window = QuietHours.parse(user == null ? null : user.quietHours())
                .or(() -> settings.schedule().quietHours(category));
        return window.flatMap(quiet -> quiet.endOf(Instant.ofEpochMilli(due), zone(user)));
    }

    private ZoneId zone(UserProfile user) {
        if (user != null && user.timezone() != null) {
            try {
                return ZoneId.of(user.timezone().strip());
            } catch (DateTimeException unknown) {
                // Falls through: a zone typed by hand ("CET+1") must not stop the notification.
            }
        }
        return settings.schedule().fallbackZone();
    }
}
