package io.notify.enricher.schedule;

/**
 * The schedule's index entry of one held notification, under its user: when it is due, and what
 * may cancel or replace it, so that a cancellation or a collapse reads only this user's entries.
 *
 * @param collapseScope channel, address and collapse key; null when it collapses with nothing
 */
public record HoldRef(long dueAt, String cancellationKey, String collapseScope) {
}
