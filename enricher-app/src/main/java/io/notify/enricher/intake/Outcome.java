package io.notify.enricher.intake;

import io.notify.enricher.deadletter.Rejection;

/**
 * The result of a step that may refuse its input: either a value for the next step or a rejection
 * for the dead-letter topic. Lives only between two operators of one sub-topology, never on a topic.
 */
public record Outcome<T>(T value, Rejection rejection) {

    public static <T> Outcome<T> accepted(T value) {
        return new Outcome<>(value, null);
    }

    public static <T> Outcome<T> rejected(Rejection rejection) {
        return new Outcome<>(null, rejection);
    }

    public boolean isRejected() {
        return rejection != null;
    }
}
