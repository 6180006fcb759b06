package io.notify.delivery.provider.email;

import io.notify.runtime.config.ConfigSource;
import java.time.Duration;
import java.util.Optional;

/**
 * SendGrid settings. {@code sendgrid.api.key} is a secret ({@code sendgrid.api.key.file});
 * {@code sendgrid.endpoint} (e.g. {@code http://127.0.0.1:8083}) points the client at a sandbox.
 */
public record SendGridSettings(String apiKey, Optional<String> endpoint, Duration connectTimeout, Duration timeout, int threads) {

    public static SendGridSettings from(ConfigSource config) {
        return new SendGridSettings(
                config.secret("sendgrid.api.key").orElseThrow(() -> new IllegalArgumentException("sendgrid.api.key is required")),
                config.find("sendgrid.endpoint"),
                config.duration("sendgrid.connect.timeout", Duration.ofSeconds(5)),
                config.duration("sendgrid.timeout", Duration.ofSeconds(10)),
                config.integer("sendgrid.threads", 64));
    }
}
