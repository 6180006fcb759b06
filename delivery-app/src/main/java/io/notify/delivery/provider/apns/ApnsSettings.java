package io.notify.delivery.provider.apns;

import com.eatthepath.pushy.apns.ApnsClientBuilder;
import io.notify.runtime.config.ConfigSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * APNs client settings. The .p8 signing key is a secret: {@code apns.key.file} names the file
 * (or {@code apns.key} holds the PEM). {@code apns.endpoint} ({@code host:port}) and
 * {@code apns.trusted.certificate.file} exist to point the client at a sandbox.
 */
public record ApnsSettings(
        String host, int port, String signingKeyPem, String keyId, String teamId, String topic,
        Optional<Path> trustedCertificateFile, Duration timeout, int concurrentConnections) {

    public static ApnsSettings from(ConfigSource config) {
        String endpoint = config.string("apns.endpoint",
                ApnsClientBuilder.PRODUCTION_APNS_HOST + ":" + ApnsClientBuilder.DEFAULT_APNS_PORT);
        int colon = endpoint.lastIndexOf(':');
        return new ApnsSettings(
                colon < 0 ? endpoint : endpoint.substring(0, colon),
                colon < 0 ? ApnsClientBuilder.DEFAULT_APNS_PORT : Integer.parseInt(endpoint.substring(colon + 1)),
                config.secret("apns.key").orElseThrow(() -> new IllegalArgumentException("apns.key.file is required")),
                required(config, "apns.key.id"),
                required(config, "apns.team.id"),
                required(config, "apns.topic"),
                config.find("apns.trusted.certificate.file").map(Path::of),
                config.duration("apns.timeout", Duration.ofSeconds(10)),
                config.integer("apns.connections", 1));
    }

    private static String required(ConfigSource config, String key) {
        return config.find(key).orElseThrow(() -> new IllegalArgumentException(key + " is required"));
    }
}
