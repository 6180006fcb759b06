package io.notify.delivery.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.notify.delivery.provider.ProviderCircuit;
import io.notify.schemas.Channel;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The delivery app's meters. Tags are the channel and the provider name, never anything about
 * a recipient. Prometheus names: {@code notify_delivery_sent_total}, {@code _failed_total},
 * {@code _retried_total}, {@code _dead_total}, {@code notify_delivery_credentials_rejected_total},
 * {@code notify_delivery_provider_latency_seconds},
 * {@code notify_delivery_inflight}, {@code notify_delivery_circuit_open},
 * {@code notify_delivery_consumer_lag}, {@code notify_delivery_assigned_partitions}.
 */
public final class DeliveryMetrics {

    private final MeterRegistry registry;

    public DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void sent(Channel channel, String provider) {
        counter("notify.delivery.sent", channel, provider).increment();
    }

    /** Permanent failures and invalid recipients. */
    public void failed(Channel channel, String provider) {
        counter("notify.delivery.failed", channel, provider).increment();
    }

    public void retried(Channel channel, String provider) {
        counter("notify.delivery.retried", channel, provider).increment();
    }

    /** Sends the provider's circuit or rate limiter turned away: not attempts, waiting on a retry tier. */
    public void deferred(Channel channel, String provider) {
        counter("notify.delivery.deferred", channel, provider).increment();
    }

    public void dead(Channel channel, String provider) {
        counter("notify.delivery.dead", channel, provider).increment();
    }

    /** A record whose notification the ledger already knew as sent: skipped, not resent. */
    /** Not handed to the provider: its expiresAt had passed (SUPPRESSED expired). */
    public void expired(Channel channel, String provider) {
        counter("notify.delivery.expired", channel, provider).increment();
    }

    public void skippedAlreadySent(Channel channel, String provider) {
        counter("notify.delivery.skipped.already.sent", channel, provider).increment();
    }

    /**
     * Answers in which the provider refused our credentials: alert on any increase. Registered when a
     * channel starts, so the series exists at 0 and its first increase is seen.
     */
    public Counter credentialsRejected(Channel channel, String provider) {
        return Counter.builder("notify.delivery.credentials.rejected")
                .description("Provider answers refusing our credentials; each one opens the provider's circuit")
                .tag("channel", tag(channel))
                .tag("provider", provider)
                .register(registry);
    }

    public void undecodable(Channel channel) {
        Counter.builder("notify.delivery.undecodable").tag("channel", tag(channel)).register(registry).increment();
    }

    public void providerLatency(Channel channel, String provider, Duration latency) {
        Timer.builder("notify.delivery.provider.latency")
                .tag("channel", tag(channel))
                .tag("provider", provider)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry)
                .record(latency);
    }

    public void inFlight(Channel channel, Supplier<Number> count) {
        Gauge.builder("notify.delivery.inflight", count).tag("channel", tag(channel)).register(registry);
    }

    public void circuitOpen(Channel channel, String provider, ProviderCircuit circuit) {
        Gauge.builder("notify.delivery.circuit.open", circuit, c -> c.isOpen() ? 1 : 0)
                .description("1 while the provider's circuit is open and the channel paused, else 0")
                .tag("channel", tag(channel))
                .tag("provider", provider)
                .register(registry);
    }

    /** Records waiting in {@code topic} for this channel's consumer: the "queued notifications". */
    public void consumerLag(Channel channel, String topic, Supplier<Number> lag) {
        Gauge.builder("notify.delivery.consumer.lag", lag).tag("channel", tag(channel)).tag("topic", topic).register(registry);
    }

    /** Partitions of {@code topic} this instance owns: shows rebalances and idle instances. */
    public void assignedPartitions(Channel channel, String topic, Supplier<Number> count) {
        Gauge.builder("notify.delivery.assigned.partitions", count).tag("channel", tag(channel)).tag("topic", topic).register(registry);
    }

    /** Ledger partitions this instance holds: the union of what its channel and retry consumers are assigned. */
    public void ledgerPartitions(Supplier<Number> count) {
        Gauge.builder("notify.delivery.ledger.partitions", count).register(registry);
    }

    private Counter counter(String name, Channel channel, String provider) {
        return Counter.builder(name).tag("channel", tag(channel)).tag("provider", provider).register(registry);
    }

    private static String tag(Channel channel) {
        return channel.name().toLowerCase(Locale.ROOT);
    }
}
