package io.notify.delivery.provider.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.notify.schemas.Channel;
import io.notify.schemas.DeliveryState;
import io.notify.schemas.NotificationStatus;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SendGrid's Event Webhook: a signed JSON array of events. delivered, open, click, bounce and
 * dropped become statuses for the notification named by the {@code notification_id} custom arg;
 * other events (processed, deferred, ...) are acknowledged and ignored. Redeliveries are dropped
 * by {@code sg_event_id}. Unsigned posts get 401, wrongly signed or stale ones 403.
 */
final class SendGridEventWebhook implements HttpHandler {

    static final String SIGNATURE_HEADER = "X-Twilio-Email-Event-Webhook-Signature";
    static final String TIMESTAMP_HEADER = "X-Twilio-Email-Event-Webhook-Timestamp";
    private static final Logger LOG = LoggerFactory.getLogger(SendGridEventWebhook.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, DeliveryState> STATES = Map.of(
            "delivered", DeliveryState.DELIVERED,
            "open", DeliveryState.OPENED,
            "click", DeliveryState.CLICKED,
            "bounce", DeliveryState.FAILED,
            "dropped", DeliveryState.FAILED);

    private final SendGridSignatureVerifier verifier;
    private final Duration maxSignatureAge;
    private final RecentEventIds recent;
    private final Consumer<NotificationStatus> statuses;

    SendGridEventWebhook(SendGridSignatureVerifier verifier, Duration maxSignatureAge, RecentEventIds recent,
                         Consumer<NotificationStatus> statuses) {
        this.verifier = verifier;
        this.maxSignatureAge = maxSignatureAge;
        this.recent = recent;
        this.statuses = statuses;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            String signature = exchange.getRequestHeaders().getFirst(SIGNATURE_HEADER);
            String timestamp = exchange.getRequestHeaders().getFirst(TIMESTAMP_HEADER);
            if (signature == null || timestamp == null) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            if (!fresh(timestamp) || !verifier.verify(signature, timestamp, body)) {
                LOG.warn("rejected a sendgrid webhook with a bad or stale signature");
                exchange.sendResponseHeaders(403, -1);
                return;
            }
            JSON.readTree(body).forEach(this::publish);
            exchange.sendResponseHeaders(200, -1);
        }
    }

    private boolean fresh(String timestamp) {
        try {
            Instant signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp.strip()));
            return Duration.between(signedAt, Instant.now()).abs().compareTo(maxSignatureAge) <= 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void publish(JsonNode event) {
        DeliveryState state = STATES.get(event.path("event").asText());
        String notificationId = event.path("notification_id").asText("");
        if (state == null || notificationId.isEmpty()) {
            return;
        }
        if (!recent.firstSighting("sendgrid:" + event.path("sg_event_id").asText(notificationId + state))) {
            return;
        }
        String reason = state == DeliveryState.FAILED ? "sendgrid:" + event.path("event").asText() : null;
        Instant occurredAt = event.hasNonNull("timestamp") ? Instant.ofEpochSecond(event.get("timestamp").asLong()) : Instant.now();
        statuses.accept(StatusEvents.of(notificationId, event.path("user_id").asText(""), Channel.EMAIL, state,
                reason, "sendgrid", messageId(event), occurredAt));
    }

    /** {@code sg_message_id} is the X-Message-Id followed by a filter suffix after the first dot. */
    private static String messageId(JsonNode event) {
        String full = event.path("sg_message_id").asText("");
        int dot = full.indexOf('.');
        return dot < 0 ? full : full.substring(0, dot);
    }
}
