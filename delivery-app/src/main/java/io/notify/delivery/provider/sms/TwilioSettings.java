package io.notify.delivery.provider.sms;

import io.notify.runtime.config.ConfigSource;
import java.time.Duration;
import java.util.Optional;

/**
 * Twilio settings. {@code twilio.auth.token} is a secret ({@code twilio.auth.token.file}).
 * {@code twilio.endpoint} re-targets the client to a sandbox; {@code twilio.status.callback.url}
 * is the public URL of our status-callback receiver (the notification id is appended as a query).
 */
public record TwilioSettings(
        String accountSid, String authToken, String from, Optional<String> endpoint,
        Optional<String> statusCallbackUrl, Duration connectTimeout, Duration timeout, int threads) {

    public static TwilioSettings from(ConfigSource config) {
        return new TwilioSettings(
                required(config, "twilio.account.sid"),
                config.secret("twilio.auth.token").orElseThrow(() -> new IllegalArgumentException("twilio.auth.token is required")),
                required(config, "twilio.from"),
                config.find("twilio.endpoint"),
                config.find("twilio.status.callback.url"),
                config.duration("twilio.connect.timeout", Duration.ofSeconds(5)),
                config.duration("twilio.timeout", Duration.ofSeconds(10)),
                config.integer("twilio.threads", 16));
    }

    private static String required(ConfigSource config, String key) {
        return config.find(key).orElseThrow(() -> new IllegalArgumentException(key + " is required"));
    }
}
