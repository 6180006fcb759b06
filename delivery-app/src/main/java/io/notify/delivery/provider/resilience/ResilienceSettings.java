package io.notify.delivery.provider.resilience;

import io.notify.runtime.config.ConfigSource;
import java.time.Duration;

/**
 * Circuit breaker and rate limiter settings for one provider, read under {@code <provider>.}:
 * e.g. {@code twilio.circuit.failure.rate.percent}, {@code twilio.rate.limit.per.second}.
 * Defaults: open at 50 % retryable failures over the last 20 calls (at least 10), stay open
 * 30 s, probe with 3 calls; waiting at most 2 s for a permit, 10 000 sends a second to APNs,
 * FCM and SendGrid, and 500 to Twilio. The push services and SendGrid's mail send take bulk
 * traffic (FCM's default quota is 600 000 a minute; mail send has no published fixed limit and
 * answers 429 with {@code X-RateLimit-Reset} when an account is over, which the adapter
 * honours), so their guard only stops a runaway. Twilio queues per sender at a few messages a
 * second and limits an account's concurrent API requests, so its guard is the one that binds.
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
            case "apns", "fcm", "sendgrid" -> 10_000;
            default -> 500;
        };
    }
}
