package io.notify.delivery.provider.tracking;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.twilio.security.RequestValidator;
import io.notify.schemas.Channel;
import io.notify.schemas.DeliveryState;
import io.notify.schemas.NotificationStatus;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Twilio's message status callbacks: a signed form post to the StatusCallback URL we gave, whose
 * query carries our notification and user ids. sent, delivered, undelivered and failed become
 * statuses; queued, sending and the like are acknowledged and ignored. The signature is checked
 * with the SDK's {@link RequestValidator} against the public URL Twilio called.
 */
final class TwilioStatusCallback implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(TwilioStatusCallback.class);
    private static final Map<String, DeliveryState> STATES = Map.of(
            "sent", DeliveryState.SENT,
            "delivered", DeliveryState.DELIVERED,
            "undelivered", DeliveryState.FAILED,
            "failed", DeliveryState.FAILED);

    private final RequestValidator validator;
    private final String publicBaseUrl;
    private final RecentEventIds recent;
    private final Consumer<NotificationStatus> statuses;

    TwilioStatusCallback(String authToken, String publicBaseUrl, RecentEventIds recent, Consumer<NotificationStatus> statuses) {
        this.validator = new RequestValidator(authToken);
        this.publicBaseUrl = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
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
            Map<String, String> form = parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String signature = exchange.getRequestHeaders().getFirst("X-Twilio-Signature");
            if (signature == null) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            if (!validator.validate(calledUrl(exchange), form, signature)) {
                LOG.warn("rejected a twilio status callback with a bad signature");
                exchange.sendResponseHeaders(403, -1);
                return;
            }
            publish(parse(exchange.getRequestURI().getRawQuery()), form);
            exchange.sendResponseHeaders(204, -1);
        }
    }

    private String calledUrl(HttpExchange exchange) {
        String query = exchange.getRequestURI().getRawQuery();
        return publicBaseUrl + exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query);
    }

    private void publish(Map<String, String> query, Map<String, String> form) {
        String status = form.getOrDefault("MessageStatus", form.getOrDefault("SmsStatus", ""));
        DeliveryState state = STATES.get(status);
        String notificationId = query.getOrDefault("notificationId", "");
        String messageSid = form.getOrDefault("MessageSid", "");
        if (state == null || notificationId.isEmpty() || !recent.firstSighting("twilio:" + messageSid + ":" + status)) {
            return;
        }
        String reason = state == DeliveryState.FAILED
                ? "twilio:" + form.getOrDefault("ErrorCode", status) : null;
        statuses.accept(StatusEvents.of(notificationId, query.getOrDefault("userId", ""), Channel.SMS, state,
                reason, "twilio", messageSid, Instant.now()));
    }

    private static Map<String, String> parse(String encoded) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return fields;
        }
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            fields.putIfAbsent(name, equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return fields;
    }
}
