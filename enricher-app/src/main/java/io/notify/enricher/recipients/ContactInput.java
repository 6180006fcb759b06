package io.notify.enricher.recipients;

import io.notify.enricher.intake.IncomingEvent;

/**
 * Everything that reaches the processor owning a user's state, on one partition: the user's row,
 * a change to one of the user's devices or settings, or an event to notify the user about. Lives
 * between two operators of one sub-topology only, never on a topic.
 */
public sealed interface ContactInput {

    /** The users row as it is now; {@code user} is null when it was deleted. */
    record UserRow(UserProfile user) implements ContactInput {
    }

    record RowChanged(ContactChange change) implements ContactInput {
    }

    record Event(IncomingEvent event) implements ContactInput {
    }
}
