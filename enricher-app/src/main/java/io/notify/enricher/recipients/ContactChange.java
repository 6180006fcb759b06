package io.notify.enricher.recipients;

import io.notify.enricher.preferences.NotificationSetting;

/**
 * One device or setting row, re-keyed by the user it belongs to: the row as it is now, or
 * {@code null} when it left this user (deleted, or moved to another user). Travels on the
 * {@code contact-changes-by-user} repartition topic, so a change costs one small record whatever
 * the number of rows the user has.
 */
public record ContactChange(Kind kind, long rowId, Device device, NotificationSetting setting) {

    public enum Kind { DEVICE, SETTING }

    public static ContactChange device(long rowId, Device now) {
        return new ContactChange(Kind.DEVICE, rowId, now, null);
    }

    public static ContactChange setting(long rowId, NotificationSetting now) {
        return new ContactChange(Kind.SETTING, rowId, null, now);
    }

    public boolean isRemoval() {
        return device == null && setting == null;
    }
}
