package io.notify.delivery.provider.resilience;

import io.notify.runtime.config.ConfigSource;
import java.time.Duration;

/**
 * Circuit breaker and rate limiter settings for one provider, read under {@code <provider>.}:
 * e.g. {@code twilio.circuit.failure.rate.percent}, {@code twilio.rate.limit.per.second}.
 * Defaults: open at 50 % retryable failures over the last 20 calls (at least 10), stay open
 * 30 s, probe with 3 calls; 500 sends a second, waiting at most 2 s for a permit.
 */
public record ResilienceSettings(
        float failureRatePercent, int slidingWindowCalls, int minimumCalls, Duration openWait,
        int halfOpenCalls, int permitsPerSecond, Duration maxPermitWait) {

    public static ResilienceSettings from(ConfigSource config, String provider) {
        String prefix = provider + ".";
        return new ResilienceSettings(
                config.integer(prefix + "circuit.failure.rate.percent", 50),
                config.integer(prefix + "circuit.window.calls", 20),
                config.integer(prefix + "circuit.minimum.calls", 10),
                config.duration(prefix + "circuit.open.wait", Duration.ofSeconds(30)),
                config.integer(prefix + "circuit.half.open.calls", 3),
                config.integer(prefix + "rate.limit.per.second", 500),
                config.duration(prefix + "rate.limit.max.wait", Duration.ofSeconds(2)));
    }
}
