package io.notify.enricher;

import io.notify.contract.Topics;

/**
 * Every topic, store, operator and internal topic name of the enricher, in one place, so that the
 * topology, the HTTP query layer and the tests can never disagree. Internal names are part of the
 * app's on-disk and on-cluster state: renaming one is a reset of that state.
 */
public final class TopologyNames {

    public static final String EVENTS_DLQ = Topics.EVENTS_DLQ;
    public static final String STATUS = Topics.STATUS;

    // Sources
    public static final String EVENTS_SOURCE = "events-source";
    public static final String REQUESTS_SOURCE = "requests-source";
    public static final String USERS_SOURCE = "users-source";
    public static final String DEVICES_SOURCE = "devices-source";
    public static final String SETTINGS_SOURCE = "settings-source";
    public static final String TEMPLATES_SOURCE = "templates-source";
    public static final String STATUS_SOURCE = "status-source";

    // Stores (queryable ones are public API of the HTTP layer)
    public static final String USERS_STORE = "users";
    /** Row id to owning user id, so a moved or deleted row leaves its previous owner. */
    public static final String DEVICE_OWNERS_STORE = "device-owners";
    public static final String SETTING_OWNERS_STORE = "setting-owners";
    /** One entry per device / setting, keyed {@code userId NUL rowId} ({@code ContactKeys}). */
    public static final String DEVICES_STORE = "user-devices";
    public static final String SETTINGS_STORE = "user-settings";
    /** Events waiting for their user's contact data, keyed {@code userId NUL sequence}. */
    public static final String HELD_EVENTS_STORE = "held-events";
    /** Users seen for the first time, until their devices and settings have had time to follow. */
    public static final String SETTLING_USERS_STORE = "settling-users";
    /** Held notifications by due time, keyed {@code dueAt NUL userId NUL notificationId} ({@code ScheduleKeys}). */
    public static final String SCHEDULE_STORE = "scheduled-notifications";
    /** The same, by user ({@code userId NUL notificationId}), for cancellations and collapses. */
    public static final String SCHEDULE_BY_USER_STORE = "scheduled-by-user";
    public static final String TEMPLATES_STORE = "templates";
    public static final String DEDUPE_STORE = "dedupe-event-ids";
    public static final String RATE_LIMIT_STORE = "rate-limit-counts";
    public static final String NOTIFICATION_LOG_STORE = "notification-log";
    public static final String USER_NOTIFICATIONS_STORE = "user-notifications-by-id";

    // Internal topics (repartitions) and the groupings that create them
    public static final String REQUESTS_BY_USER = "requests-by-user";
    public static final String CONTACT_CHANGES_BY_USER = "contact-changes-by-user";

    private TopologyNames() {
    }
}
