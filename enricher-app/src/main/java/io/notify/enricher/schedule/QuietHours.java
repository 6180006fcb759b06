package io.notify.enricher.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A daily window, in local time, in which a user is not disturbed: {@code 22:00-07:00} crosses
 * midnight, {@code 13:00-14:00} does not; equal ends make no window. What falls inside waits for
 * the window's end in the user's zone, found on the local calendar so that a DST change moves
 * it with the clocks (07:00 is 07:00 on the morning the clocks went forward); an end that falls
 * in a DST gap is the first instant after the gap.
 */
public record QuietHours(LocalTime start, LocalTime end) {

    private static final Pattern WINDOW = Pattern.compile("(\\d{2}):(\\d{2})-(\\d{2}):(\\d{2})");

    /** {@code HH:MM-HH:MM}; anything else (null, blank, out of range) is no window. */
    public static Optional<QuietHours> parse(String window) {
        if (window == null) {
            return Optional.empty();
        }
        Matcher m = WINDOW.matcher(window.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            LocalTime start = LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            LocalTime end = LocalTime.of(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
            return start.equals(end) ? Optional.empty() : Optional.of(new QuietHours(start, end));
        } catch (java.time.DateTimeException e) {
            return Optional.empty();
        }
    }

    /** When the window that {@code at} falls in ends; empty when {@code at} is outside it. */
    public Optional<Instant> endOf(Instant at, ZoneId zone) {
        LocalTime local = at.atZone(zone).toLocalTime();
        boolean inside = start.isBefore(end)
                ? !local.isBefore(start) && local.isBefore(end)
                : !local.isBefore(start) || local.isBefore(end);
        if (!inside) {
            return Optional.empty();
        }
        LocalDate day = at.atZone(zone).toLocalDate();
        Instant endToday = ZonedDateTime.of(day, end, zone).toInstant();
        return Optional.of(endToday.isAfter(at) ? endToday : ZonedDateTime.of(day.plusDays(1), end, zone).toInstant());
    }
}
