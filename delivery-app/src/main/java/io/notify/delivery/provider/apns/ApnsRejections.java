package io.notify.delivery.provider.apns;

import io.notify.delivery.provider.SendOutcome;
import java.util.Optional;
import java.util.Set;

/**
 * What APNs' rejection reasons mean for us (Apple's "Handling notification responses from APNs"
 * table): dead tokens are recipient-invalid, a refused provider token is our credential problem,
 * throttling and server trouble are retryable, the rest is a request we must not repeat unchanged.
 * Pushy renews its provider token well before the hour APNs allows and reconnects after an
 * ExpiredProviderToken, so seeing one means a wrong clock or key, not routine expiry; the circuit's
 * probe after its wait tells a one-off from a lasting problem.
 */
final class ApnsRejections {

    private static final Set<String> DEAD_TOKEN = Set.of("BadDeviceToken", "Unregistered", "DeviceTokenNotForTopic");
    private static final Set<String> REFUSED_CREDENTIALS = Set.of("InvalidProviderToken", "ExpiredProviderToken", "MissingProviderToken");
    private static final Set<String> TRANSIENT = Set.of(
            "TooManyRequests", "InternalServerError", "ServiceUnavailable", "Shutdown", "IdleTimeout",
            "TooManyProviderTokenUpdates");

    private ApnsRejections() {}

    static SendOutcome classify(int statusCode, String reason) {
        String code = "apns:" + reason;
        if (DEAD_TOKEN.contains(reason)) {
            return new SendOutcome.RecipientInvalid(code);
        }
        if (REFUSED_CREDENTIALS.contains(reason)) {
            return new SendOutcome.ProviderRejectedCredentials(code);
        }
        if (TRANSIENT.contains(reason) || statusCode == 429 || statusCode >= 500) {
            return new SendOutcome.Retryable(code, Optional.empty());
        }
        return new SendOutcome.Permanent(code);
    }
}
