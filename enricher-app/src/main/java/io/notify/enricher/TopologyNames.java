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
    public static final String DEVICES_BY_ID_STORE = "devices-by-id";
    public static final String SETTINGS_BY_ID_STORE = "settings-by-id";
    public static final String DEVICES_BY_USER_STORE = "devices-by-user";
    public static final String SETTINGS_BY_USER_STORE = "settings-by-user";
    public static final String TEMPLATES_STORE = "templates";
    public static final String DEDUPE_STORE = "dedupe-event-ids";
    public static final String RATE_LIMIT_STORE = "rate-limit-counts";
    public static final String NOTIFICATION_LOG_STORE = "notification-log";
    public static final String USER_NOTIFICATIONS_STORE = "user-notifications-by-id";

    // Internal topics (repartitions) and the groupings that create them
    public static final String REQUESTS_BY_USER = "requests-by-user";
    public static final String DEVICES_GROUPED_BY_USER = "devices-grouped-by-user";
    public static final String SETTINGS_GROUPED_BY_USER = "settings-grouped-by-user";
    public static final String STATUS_BY_USER = "status-by-user";

    private TopologyNames() {
    }
}
