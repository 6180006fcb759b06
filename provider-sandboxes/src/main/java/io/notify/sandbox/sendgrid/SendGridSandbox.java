package io.notify.sandbox.sendgrid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.notify.sandbox.AcceptedRequest;
import io.notify.sandbox.Fault;
import io.notify.sandbox.HttpSandbox;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * SendGrid v3 Mail Send: {@code POST /v3/mail/send} with {@code Authorization: Bearer <key>} and
 * the v3 mail JSON. Success is {@code 202} with an empty body and {@code X-Message-Id}; errors are
 * {@code {"errors":[{"message":..,"field":..,"help":..}]}}. It also signs Event Webhook posts
 * (see {@link EventWebhookSigner}) for tracking tests.
 */
public final class SendGridSandbox extends HttpSandbox {

    private static final String SEND_PATH = "/v3/mail/send";
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final String apiKey;
    private final EventWebhookSigner webhookSigner = new EventWebhookSigner();

    public SendGridSandbox(String apiKey) {
        super("sendgrid");
        this.apiKey = apiKey;
    }

    public SendGridSandbox() {
        this("SG." + UUID.randomUUID().toString().replace("-", ""));
    }

    public String apiKey() {
        return apiKey;
    }

    /** Signs Event Webhook posts; its public key is what SendGrid shows as the verification key. */
    public EventWebhookSigner webhookSigner() {
        return webhookSigner;
    }

    @Override
    public SendGridSandbox start() {
        super.start();
        return this;
    }

    /**
     * One Event Webhook event for an accepted message, shaped as SendGrid posts it: custom args
     * become top-level fields.
     */
    public ObjectNode event(AcceptedRequest accepted, String eventType) {
        ObjectNode event = JSON.createObjectNode()
                .put("email", accepted.recipient())
                .put("timestamp", Instant.now().getEpochSecond())
                .put("event", eventType)
                .put("sg_event_id", UUID.randomUUID().toString())
                .put("sg_message_id", accepted.messageId() + ".filter0001.16648.5515E0B88.0");
        customArgs(accepted.request()).fields().forEachRemaining(arg -> event.set(arg.getKey(), arg.getValue()));
        if ("bounce".equals(eventType) || "dropped".equals(eventType)) {
            event.put("reason", "550 5.1.1 The email account that you tried to reach does not exist.");
            event.put("type", "bounce");
        }
        return event;
    }

    @Override
    protected String newMessageId() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(UUID.randomUUID().toString().getBytes()).substring(0, 22);
    }

    @Override
    protected Answer handle(Incoming request) throws IOException {
        if (!SEND_PATH.equals(request.path())) {
            return errors(404, "resource not found", null);
        }
        if (!("Bearer " + apiKey).equals(request.header("Authorization"))) {
            return errors(401, "The provided authorization grant is invalid, expired, or revoked", null);
        }
        if (!"POST".equals(request.method())) {
            return errors(405, "method not allowed", null);
        }
        JsonNode mail = JSON.readTree(request.body());
        JsonNode to = mail.path("personalizations").path(0).path("to").path(0).path("email");
        if (to.isMissingNode()) {
            return errors(400, "The personalizations field is required and must have at least one personalization.", "personalizations");
        }
        if (!EMAIL.matcher(to.asText()).matches()) {
            return invalidAddress();
        }
        if (!EMAIL.matcher(mail.path("from").path("email").asText("")).matches()) {
            return errors(400, "The from email does not contain a valid address.", "from.email");
        }
        if (mail.path("content").size() == 0 && !mail.hasNonNull("template_id")) {
            return errors(400, "Unless a valid template_id is provided, the content parameter is required.", "content");
        }
        return deliver(to.asText(), customArgs(mail).path("notification_id").asText(""), mail, SendGridSandbox::faultAnswer,
                messageId -> new Answer(202, Map.of("X-Message-Id", messageId), ""));
    }

    private static JsonNode customArgs(JsonNode mail) {
        ObjectNode args = JSON.createObjectNode();
        args.setAll((ObjectNode) (mail.path("custom_args").isObject() ? mail.get("custom_args") : JSON.createObjectNode()));
        JsonNode personal = mail.path("personalizations").path(0).path("custom_args");
        if (personal.isObject()) {
            args.setAll((ObjectNode) personal);
        }
        return args;
    }

    private static Answer faultAnswer(Fault fault) {
        return switch (fault.kind()) {
            case TOO_MANY_REQUESTS -> {
                long resetAt = Instant.now().getEpochSecond() + Math.max(1, fault.retryAfterSeconds());
                Answer answer = errors(429, "too many requests", null)
                        .withHeader("X-RateLimit-Limit", "600")
                        .withHeader("X-RateLimit-Remaining", "0")
                        .withHeader("X-RateLimit-Reset", Long.toString(resetAt));
                yield fault.retryAfterSeconds() > 0
                        ? answer.withHeader("Retry-After", Long.toString(fault.retryAfterSeconds())) : answer;
            }
            case INTERNAL_ERROR -> errors(500, "internal error", null);
            case UNAVAILABLE -> {
                Answer answer = errors(503, "service unavailable", null);
                yield fault.retryAfterSeconds() > 0
                        ? answer.withHeader("Retry-After", Long.toString(fault.retryAfterSeconds())) : answer;
            }
            case INVALID_RECIPIENT, UNREGISTERED -> invalidAddress();
            case BAD_REQUEST -> errors(400, "Bad Request", null);
            case LATENCY, TIMEOUT -> throw new IllegalStateException("delays are played before accepting");
        };
    }

    private static Answer invalidAddress() {
        return errors(400, "Does not contain a valid address.", "personalizations.0.to.0.email");
    }

    private static Answer errors(int status, String message, String field) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode errors = body.putArray("errors");
        ObjectNode error = errors.addObject().put("message", message);
        if (field == null) {
            error.putNull("field");
        } else {
            error.put("field", field);
        }
        error.put("help", "http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html");
        return Answer.json(status, body.toString());
    }
}
