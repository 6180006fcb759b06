package io.notify.enricher.rendering;

import io.notify.enricher.recipients.Recipient;
import io.notify.enricher.routing.ChannelPlan;
import java.util.List;

/** An event with its content rendered for every channel on which its recipient has an address. */
public record RenderedEvent(Recipient recipient, List<ChannelPlan> plans) {

    public RenderedEvent withPlans(List<ChannelPlan> next) {
        return new RenderedEvent(recipient, List.copyOf(next));
    }
}
