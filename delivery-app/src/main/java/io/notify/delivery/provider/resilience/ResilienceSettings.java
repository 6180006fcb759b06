package io.notify.delivery.provider.resilience;

import io.notify.runtime.config.ConfigSource;
import java.time.Duration;

/**
 * Circuit breaker and rate limiter settings for one provider, read under {@code <provider>.}:
 * e.g. {@code twilio.circuit.failure.rate.percent}, {@code twilio.rate.limit.per.second}.
 * Defaults: open at 50 % retryable failures over the last 20 calls (at least 10), stay open
 * 30 s, probe with 3 calls; waiting at most 2 s for a permit, 10 000 sends a second to the push
 * services (APNs and FCM take bulk traffic; FCM's default quota is 600 000 a minute) and 500 to
 * the paid-per-message SMS and email providers, whose account limits are far lower.
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
                config.integer(prefix + "rate.limit.per.second", defaultPermitsPerSecond(provider)),
                config.duration(prefix + "rate.limit.max.wait", Duration.ofSeconds(2)));
    }

    private static int defaultPermitsPerSecond(String provider) {
        return switch (provider) {
            case "apns", "fcm" -> 10_000;
            default -> 500;
        };
    }
}
