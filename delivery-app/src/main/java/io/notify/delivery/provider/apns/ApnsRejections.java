package io.notify.delivery.provider.apns;

import io.notify.delivery.provider.SendOutcome;
import java.util.Optional;
import java.util.Set;

/**
 * What APNs' rejection reasons mean for us (Apple's "Handling notification responses from APNs"
 * table): dead tokens are recipient-invalid, throttling and server trouble are retryable, the
 * rest is a request we must not repeat unchanged.
 */
final class ApnsRejections {

    private static final Set<String> DEAD_TOKEN = Set.of("BadDeviceToken", "Unregistered", "DeviceTokenNotForTopic");
    private static final Set<String> TRANSIENT = Set.of(
            "TooManyRequests", "InternalServerError", "ServiceUnavailable", "Shutdown", "IdleTimeout",
            "ExpiredProviderToken", "TooManyProviderTokenUpdates");

    private ApnsRejections() {}

    static SendOutcome classify(int statusCode, String reason) {
        String code = "apns:" + reason;
        if (DEAD_TOKEN.contains(reason)) {
            return new SendOutcome.RecipientInvalid(code);
        }
        if (TRANSIENT.contains(reason) || statusCode == 429 || statusCode >= 500) {
            return new SendOutcome.Retryable(code, Optional.empty());
        }
        return new SendOutcome.Permanent(code);
    }
}
