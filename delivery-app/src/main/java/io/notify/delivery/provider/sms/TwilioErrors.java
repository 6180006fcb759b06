package io.notify.delivery.provider.sms;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.http.Response;
import io.notify.delivery.provider.RetryAfter;
import io.notify.delivery.provider.SendOutcome;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * Twilio error codes mapped to outcomes. 21211 (invalid To), 21610 (unsubscribed), 21614 (not a
 * mobile number) are dead numbers; 429/20429 is documented as never processed, so always safe to
 * retry, and so is a 5xx (the SDK's own retry is off, see {@link RetargetedTwilioHttpClient}).
 * A 401 (20003, "Authenticate") refuses our account SID and auth token, whatever the message.
 */
final class TwilioErrors {

    private static final Set<Integer> DEAD_NUMBER = Set.of(21211, 21610, 21614);
    private static final int AUTHENTICATE = 20003;

    private TwilioErrors() {}

    static SendOutcome classify(ApiException error, Optional<Response> lastResponse) {
        Integer code = error.getCode();
        int status = error.getStatusCode() == null ? lastResponse.map(Response::getStatusCode).orElse(0) : error.getStatusCode();
        String reason = code != null ? "twilio:" + code : "http:" + status;
        if (code != null && DEAD_NUMBER.contains(code)) {
            return new SendOutcome.RecipientInvalid(reason);
        }
        if (status == 401 || (code != null && code == AUTHENTICATE)) {
            return new SendOutcome.ProviderRejectedCredentials(reason);
        }
        if (status == 429 || status >= 500 || (code != null && code == 20429)) {
            return new SendOutcome.Retryable(reason, lastResponse.flatMap(TwilioErrors::retryAfter));
        }
        if (status == 0) {
            // The SDK wraps I/O failures (timeouts included) in a status-less ApiException.
            return connectionFailure(error);
        }
        return new SendOutcome.Permanent(reason);
    }

    static SendOutcome classify(ApiConnectionException error) {
        return connectionFailure(error);
    }

    private static SendOutcome connectionFailure(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException || cause.getClass().getSimpleName().contains("Timeout")) {
                return new SendOutcome.Retryable("twilio:timeout", Optional.empty());
            }
        }
        return new SendOutcome.Retryable("twilio:connection", Optional.empty());
    }

    private static Optional<Duration> retryAfter(Response response) {
        return response.getHeaders() == null ? Optional.empty() : Arrays.stream(response.getHeaders())
                .filter(header -> header.getName().equalsIgnoreCase("Retry-After"))
                .findFirst()
                .flatMap(header -> RetryAfter.parse(header.getValue()));
    }
}
