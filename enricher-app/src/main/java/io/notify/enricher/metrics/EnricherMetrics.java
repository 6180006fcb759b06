package io.notify.enricher.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;

/**
 * The enricher's business counters. Under exactly-once a retried task can count a record twice:
 * these counters are for dashboards and alerts, the topics are the truth.
 */
public final class EnricherMetrics {

    private final MeterRegistry registry;

    public EnricherMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** {@code source} is {@code events} or {@code requests}. */
    public void eventIn(String source) {
        Counter.builder("notify.enricher.events.in").tag("source", source).register(registry).increment();
    }

    public void notificationOut(String channel) {
        Counter.builder("notify.enricher.notifications.out").tag("channel", channel.toLowerCase(Locale.ROOT))
                .register(registry).increment();
    }

    public void suppressed(String reason) {
        Counter.builder("notify.enricher.notifications.suppressed").tag("reason", reason).register(registry).increment();
    }

    /** {@code reason} is why it waits, e.g. {@code scheduled}. */
    public void held(String reason) {
        Counter.builder("notify.enricher.notifications.held").tag("reason", reason).register(registry).increment();
    }

    /** An event id already seen for the user within the dedupe retention: the one input that yields nothing. */
    public void duplicate() {
        Counter.builder("notify.enricher.events.duplicate").register(registry).increment();
    }

    public void deadLettered(String reason) {
        Counter.builder("notify.enricher.dead.letters").tag("reason", reason).register(registry).increment();
    }
}
