package io.notify.delivery.provider.tracking;

import io.notify.runtime.config.ConfigSource;
import java.time.Duration;
import java.util.Optional;

/**
 * Webhook receiver settings. {@code tracking.public.url} is the URL providers call (Twilio signs
 * that exact URL, which differs from the local one behind a proxy). The SendGrid verification key
 * and the Twilio auth token are secrets; a receiver whose secret is missing is not started.
 */
public record TrackingSettings(
        String bindHost, int port, String publicBaseUrl, Optional<String> sendGridVerificationKey,
        Optional<String> twilioAuthToken, Duration maxSignatureAge, int dedupeCapacity) {

    public static final String SENDGRID_PATH = "/webhooks/sendgrid/events";
    public static final String TWILIO_PATH = "/webhooks/twilio/status";

    public static TrackingSettings from(ConfigSource config) {
        int port = config.integer("tracking.port", 8090);
        return new TrackingSettings(
                config.string("tracking.bind.host", "0.0.0.0"),
                port,
                config.string("tracking.public.url", "http://127.0.0.1:" + port),
                config.secret("sendgrid.webhook.verification.key"),
                config.secret("twilio.auth.token"),
                config.duration("tracking.signature.max.age", Duration.ofMinutes(10)),
                config.integer("tracking.dedupe.capacity", 100_000));
    }
}
