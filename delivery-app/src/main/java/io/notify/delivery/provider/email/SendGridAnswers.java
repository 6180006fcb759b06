package io.notify.delivery.provider.email;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sendgrid.Response;
import io.notify.delivery.provider.RetryAfter;
import io.notify.delivery.provider.SendOutcome;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * SendGrid's answers mapped to outcomes. sendgrid-java returns non-2xx answers instead of
 * throwing, so the status is read here. An invalid recipient shows as a 400 whose error names a
 * {@code personalizations.N.to.N.email} field; later bounces arrive through the Event Webhook.
 * A 401 refuses our API key. A 403 is not read as a credential problem: SendGrid also answers it
 * for an unverified from-address, which belongs to the one notification.
 */
final class SendGridAnswers {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RECIPIENT_FIELD = Pattern.compile("personalizations\\.\\d+\\.(to|cc|bcc)\\.\\d+\\.email");

    private SendGridAnswers() {}

    static SendOutcome classify(Response response) {
        int status = response.getStatusCode();
        if (status >= 200 && status < 300) {
            return new SendOutcome.Sent(header(response.getHeaders(), "X-Message-Id").orElse(""));
        }
        if (status == 429 || status >= 500) {
            return new SendOutcome.Retryable("http:" + status, retryAfter(response.getHeaders()));
        }
        if (status == 401) {
            return new SendOutcome.ProviderRejectedCredentials("http:401");
        }
        if (status == 400 && namesRecipient(response.getBody())) {
            return new SendOutcome.RecipientInvalid("sendgrid:invalid_email");
        }
        return new SendOutcome.Permanent("http:" + status);
    }

    private static Optional<Duration> retryAfter(Map<String, String> headers) {
        return header(headers, "Retry-After").flatMap(RetryAfter::parse)
                .or(() -> header(headers, "X-RateLimit-Reset").flatMap(RetryAfter::untilEpochSecond));
    }

    private static boolean namesRecipient(String body) {
        try {
            for (JsonNode error : JSON.readTree(body == null ? "{}" : body).path("errors")) {
                if (RECIPIENT_FIELD.matcher(error.path("field").asText("")).matches()) {
                    return true;
                }
            }
        } catch (IOException notJson) {
            return false;
        }
        return false;
    }

    private static Optional<String> header(Map<String, String> headers, String name) {
        if (headers == null) {
            return Optional.empty();
        }
        return headers.entrySet().stream()
                .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst();
    }
}
