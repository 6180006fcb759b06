package io.notify.enricher.schedule;

import io.notify.enricher.recipients.HeldEvent.Header;
import io.notify.enricher.routing.Dispatch;
import java.util.List;

/**
 * A held notification as the schedule keeps it, with the headers of the event it came from
 * (trace context), which its channel record carries when it is released.
 */
public record HeldDispatch(Dispatch dispatch, List<Header> headers) {
}
