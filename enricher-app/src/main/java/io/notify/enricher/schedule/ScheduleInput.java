package io.notify.enricher.schedule;

import io.notify.enricher.routing.Dispatch;

/** What reaches the schedule of a user: a dispatch to decide, or a cancellation of held ones. */
public sealed interface ScheduleInput {

    record Dispatched(Dispatch dispatch) implements ScheduleInput {
    }

    /** The user's held notifications whose cancellation key is {@code key} are cancelled. */
    record Cancellation(String key) implements ScheduleInput {
    }
}
