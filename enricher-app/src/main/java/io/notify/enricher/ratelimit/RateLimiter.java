package io.notify.enricher.ratelimit;

import io.notify.enricher.EnricherSettings;
import io.notify.enricher.TopologyNames;
import io.notify.enricher.routing.ChannelPlan;
import io.notify.enricher.routing.SuppressionReason;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.WindowStore;

/**
 * At most N notifications per user, channel and category in each clock hour (N configured per
 * category, 0 for no limit); transactional categories are exempt. One event counts once per
 * channel however many devices it reaches. Counts live in hourly windows that expire after two
 * hours, so the state is bounded.
 */
public final class RateLimiter implements FixedKeyProcessor<String, ChannelPlan, ChannelPlan> {

    public static final Duration WINDOW = Duration.ofHours(1);

    private final EnricherSettings settings;
    private FixedKeyProcessorContext<String, ChannelPlan> context;
    private WindowStore<String, Long> counts;

    public RateLimiter(EnricherSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, ChannelPlan> context) {
        this.context = context;
        this.counts = context.getStateStore(TopologyNames.RATE_LIMIT_STORE);
    }

    @Override
    public void process(FixedKeyRecord<String, ChannelPlan> record) {
        ChannelPlan plan = record.value();
        int limit = settings.hourlyLimit(plan.category());
        if (plan.isSuppressed() || !plan.hasValidTarget() || limit <= 0 || settings.isTransactional(plan.category())) {
            context.forward(record);
            return;
        }
        String key = record.key() + "|" + plan.channel() + "|" + plan.category();
        long windowStart = record.timestamp() - Math.floorMod(record.timestamp(), WINDOW.toMillis());
        Long sent = counts.fetch(key, windowStart);
        long count = sent == null ? 0 : sent;
        if (count >= limit) {
            context.forward(record.withValue(plan.suppressed(SuppressionReason.RATE_LIMITED)));
            return;
        }
        counts.put(key, count + 1, windowStart);
        context.forward(record);
    }
}
