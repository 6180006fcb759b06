package io.notify.delivery.provider.fcm;

import io.notify.runtime.config.ConfigSource;
import java.time.Duration;
import java.util.Optional;

/**
 * FCM HTTP v1 settings. Credentials are secrets: a service-account JSON ({@code fcm.credentials.file})
 * or, for a sandbox, a fixed OAuth access token ({@code fcm.access.token}); with neither, Google's
 * application-default credentials apply. {@code fcm.endpoint} (e.g. {@code http://127.0.0.1:8081})
 * re-targets every request to a sandbox.
 */
public record FcmSettings(
        String projectId, Optional<String> endpoint, Optional<String> serviceAccountJson,
        Optional<String> accessToken, Duration connectTimeout, Duration readTimeout, int threads) {

    public static FcmSettings from(ConfigSource config) {
        return new FcmSettings(
                config.find("fcm.project.id").orElseThrow(() -> new IllegalArgumentException("fcm.project.id is required")),
                config.find("fcm.endpoint"),
                config.secret("fcm.credentials"),
                config.secret("fcm.access.token"),
                config.duration("fcm.connect.timeout", Duration.ofSeconds(5)),
                config.duration("fcm.timeout", Duration.ofSeconds(10)),
                config.integer("fcm.threads", 64));
    }
}
