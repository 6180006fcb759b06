package io.notify.enricher.trace;

/** One thing that reaches the enricher, in the order the property test plays them. */
sealed interface Step {

    /** {@code emailKind}/{@code phoneKind}: 0 none, 1 valid, 2 invalid. */
    record UserUpsert(String user, int emailKind, int phoneKind) implements Step {
    }

    record UserDelete(String user) implements Step {
    }

    record DeviceUpsert(long id, String user, String platform, boolean invalidated) implements Step {
    }

    record DeviceDelete(long id) implements Step {
    }

    record SettingUpsert(String user, String channel, boolean optIn) implements Step {
    }

    record SettingDelete(String user, String channel) implements Step {
    }

    record TemplateUpsert(String channel) implements Step {
    }

    record TemplateDelete(String channel) implements Step {
    }

    /** {@code repeat}: reuse the id of the previous event for this user (a redelivery). */
    record Event(String user, boolean repeat) implements Step {
    }
}
