package io.notify.delivery.pipeline;

import io.notify.delivery.retry.RetryPlan;
import io.notify.schemas.DeliveryState;

/** What happens to a record after its provider answered. */
public sealed interface RoutingDecision {

    /** Status SENT, and the ledger remembers it so it is never sent again. */
    record MarkSent(String providerMessageId) implements RoutingDecision {}

    /** Status RETRYING, record copied to the plan's retry topic with its attempt counted. */
    record ScheduleRetry(RetryPlan plan, String reason) implements RoutingDecision {}

    /** Status RETRYING, record copied to the plan's retry topic with its attempts unchanged: the provider was not asked. */
    record Defer(RetryPlan plan, String reason) implements RoutingDecision {}

    /** Record copied to the channel DLQ; status FAILED (permanent) or DEAD (retries used up). */
    record DeadLetter(DeliveryState state, String reason) implements RoutingDecision {}

    /** Status SUPPRESSED {@code expired}: its expiresAt passed before it reached the provider, which was not asked. */
    record Expire() implements RoutingDecision {}

    /** Status FAILED, never retried; for push a device-feedback record invalidates the token. */
    record InvalidateRecipient(String reason, boolean emitDeviceFeedback) implements RoutingDecision {}
}
