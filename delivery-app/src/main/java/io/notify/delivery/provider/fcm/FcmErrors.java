package io.notify.delivery.provider.fcm;

import com.google.firebase.ErrorCode;
import com.google.firebase.IncomingHttpResponse;
import com.google.firebase.messaging.FirebaseMessagingException;
import com.google.firebase.messaging.MessagingErrorCode;
import io.notify.delivery.provider.RetryAfter;
import io.notify.delivery.provider.SendOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * FCM's error codes (the {@code details[].errorCode} the SDK surfaces as {@link MessagingErrorCode})
 * mapped to outcomes. SENDER_ID_MISMATCH is treated as permanent, not as a dead token: it usually
 * means our own project settings are wrong, and invalidating every token would make that worse.
 * A 401 (UNAUTHENTICATED) carries no FCM error code: our access token or service account is refused.
 */
final class FcmErrors {

    private FcmErrors() {}

    static SendOutcome classify(FirebaseMessagingException error) {
        MessagingErrorCode code = error.getMessagingErrorCode();
        if (code != null) {
            return switch (code) {
                case UNREGISTERED -> new SendOutcome.RecipientInvalid("fcm:UNREGISTERED");
                case QUOTA_EXCEEDED, UNAVAILABLE, INTERNAL -> new SendOutcome.Retryable("fcm:" + code, retryAfter(error));
                case INVALID_ARGUMENT, SENDER_ID_MISMATCH, THIRD_PARTY_AUTH_ERROR -> new SendOutcome.Permanent("fcm:" + code);
            };
        }
        IncomingHttpResponse response = error.getHttpResponse();
        if (error.getErrorCode() == ErrorCode.UNAUTHENTICATED || (response != null && response.getStatusCode() == 401)) {
            return new SendOutcome.ProviderRejectedCredentials("fcm:UNAUTHENTICATED");
        }
        if (response == null) {
            // No HTTP answer at all: a timeout or a broken connection.
            return new SendOutcome.Retryable(error.getErrorCode() == ErrorCode.DEADLINE_EXCEEDED ? "fcm:timeout" : "fcm:connection",
                    Optional.empty());
        }
        int status = response.getStatusCode();
        if (status == 429 || status >= 500) {
            return new SendOutcome.Retryable("http:" + status, retryAfter(error));
        }
        return new SendOutcome.Permanent("http:" + status);
    }

    private static Optional<Duration> retryAfter(FirebaseMessagingException error) {
        IncomingHttpResponse response = error.getHttpResponse();
        if (response == null) {
            return Optional.empty();
        }
        Object value = response.getHeaders().get("retry-after");
        if (value instanceof List<?> values && !values.isEmpty()) {
            value = values.get(0);
        }
        return value == null ? Optional.empty() : RetryAfter.parse(value.toString());
    }
}
