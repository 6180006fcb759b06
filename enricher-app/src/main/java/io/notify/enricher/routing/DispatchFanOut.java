package io.notify.enricher.routing;

import io.notify.enricher.recipients.Target;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * One dispatch per address of a channel plan (one per device for push). The user's opt-out
 * outranks everything; an invalid address is suppressed on its own; a rate limit applies to the
 * valid addresses of the channel.
 */
public final class DispatchFanOut implements FixedKeyProcessor<String, ChannelPlan, Dispatch> {

    private FixedKeyProcessorContext<String, Dispatch> context;

    @Override
    public void init(FixedKeyProcessorContext<String, Dispatch> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, ChannelPlan> record) {
        ChannelPlan plan = record.value();
        for (Target target : plan.targets()) {
            String id = NotificationIds.of(plan.event().eventId(), record.key(), plan.channel(), target.address());
            context.forward(record.withValue(new Dispatch(id, record.key(), plan, target, reason(plan, target), record.timestamp(),
                    null, null)));
        }
    }

    private static String reason(ChannelPlan plan, Target target) {
        if (SuppressionReason.OPTED_OUT.equals(plan.suppressedReason())) {
            return SuppressionReason.OPTED_OUT;
        }
        return target.isValid() ? plan.suppressedReason() : target.invalidReason();
    }
}
