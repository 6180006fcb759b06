package io.notify.enricher.preferences;

import io.notify.enricher.rendering.RenderedEvent;
import io.notify.enricher.routing.SuppressionReason;
import org.apache.kafka.streams.kstream.ValueMapper;

/**
 * Marks every channel the user opted out of (for the notification's category) as suppressed. A
 * channel already suppressed for lack of an address or a template keeps that reason.
 */
public final class PreferenceFilter implements ValueMapper<RenderedEvent, RenderedEvent> {

    private final OptInPolicy policy;

    public PreferenceFilter(OptInPolicy policy) {
        this.policy = policy;
    }

    @Override
    public RenderedEvent apply(RenderedEvent event) {
        UserSettings settings = event.recipient().settings();
        return event.withPlans(event.plans().stream()
                .map(plan -> plan.isSuppressed() || policy.allows(settings, plan.channel(), plan.category())
                        ? plan
                        : plan.suppressed(SuppressionReason.OPTED_OUT))
                .toList());
    }

}
