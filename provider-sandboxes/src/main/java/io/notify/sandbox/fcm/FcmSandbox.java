package io.notify.sandbox.fcm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.notify.sandbox.Fault;
import io.notify.sandbox.HttpSandbox;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * FCM HTTP v1: {@code POST /v1/projects/{project}/messages:send} with a bearer token and
 * {@code {"message":{"token":..}}}. Success is {@code 200 {"name":"projects/p/messages/ID"}};
 * errors use Google's error envelope with the FCM code in {@code error.details[].errorCode}.
 */
public final class FcmSandbox extends HttpSandbox {

    private static final Pattern SEND_PATH = Pattern.compile("/v1/projects/([^/]+)/messages:send");

    private final String projectId;
    private final String accessToken;
    private final AtomicLong sequence = new AtomicLong(System.currentTimeMillis());

    public FcmSandbox(String projectId, String accessToken) {
        super("fcm");
        this.projectId = projectId;
        this.accessToken = accessToken;
    }

    public FcmSandbox() {
        this("sandbox-project", "sandbox-" + UUID.randomUUID());
    }

    public String projectId() {
        return projectId;
    }

    public String accessToken() {
        return accessToken;
    }

    @Override
    public FcmSandbox start() {
        super.start();
        return this;
    }

    @Override
    protected String newMessageId() {
        return Long.toString(sequence.incrementAndGet());
    }

    @Override
    protected Answer handle(Incoming request) throws IOException {
        Matcher send = SEND_PATH.matcher(request.path());
        if (!send.matches()) {
            return error(404, "NOT_FOUND", null, "Requested entity was not found.");
        }
        if (!"POST".equals(request.method())) {
            return error(405, "INVALID_ARGUMENT", null, "Method not allowed.");
        }
        if (!("Bearer " + accessToken).equals(request.header("Authorization"))) {
            return error(401, "UNAUTHENTICATED", null,
                    "Request had invalid authentication credentials. Expected OAuth 2 access token.");
        }
        if (!projectId.equals(send.group(1))) {
            return error(403, "PERMISSION_DENIED", "SENDER_ID_MISMATCH", "SenderId mismatch");
        }
        JsonNode body = JSON.readTree(request.body());
        JsonNode message = body.path("message");
        String token = message.path("token").asText("");
        if (token.isEmpty()) {
            return error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT",
                    "Request contains an invalid argument: message.token is required.");
        }
        return deliver(token, message.path("data").path("notification_id").asText(""), message,
                FcmSandbox::faultAnswer, this::accepted);
    }

    private Answer accepted(String messageId) {
        ObjectNode body = JSON.createObjectNode().put("name", "projects/" + projectId + "/messages/" + messageId);
        return Answer.json(200, body.toString());
    }

    private static Answer faultAnswer(Fault fault) {
        return switch (fault.kind()) {
            case TOO_MANY_REQUESTS -> withRetryAfter(error(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED",
                    "Quota exceeded for quota metric 'Send requests'."), fault);
            case INTERNAL_ERROR -> error(500, "INTERNAL", "INTERNAL", "Internal error encountered.");
            case UNAVAILABLE -> withRetryAfter(error(503, "UNAVAILABLE", "UNAVAILABLE", "The service is currently unavailable."), fault);
            case INVALID_RECIPIENT -> error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT",
                    "The registration token is not a valid FCM registration token");
            case UNREGISTERED -> error(404, "NOT_FOUND", "UNREGISTERED", "Requested entity was not found.");
            case BAD_REQUEST -> error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT", "Request contains an invalid argument.");
            case LATENCY, TIMEOUT -> throw new IllegalStateException("delays are played before accepting");
        };
    }

    private static Answer withRetryAfter(Answer answer, Fault fault) {
        long seconds = fault.retryAfterSeconds();
        return seconds > 0 ? answer.withHeader("Retry-After", Long.toString(seconds)) : answer;
    }

    private static Answer error(int code, String status, String fcmErrorCode, String message) {
        ObjectNode error = JSON.createObjectNode();
        ObjectNode inner = error.putObject("error").put("code", code).put("message", message).put("status", status);
        if (fcmErrorCode != null) {
            inner.putArray("details").addObject()
                    .put("@type", "type.googleapis.com/google.firebase.fcm.v1.FcmError")
                    .put("errorCode", fcmErrorCode);
        }
        return Answer.json(code, error.toString());
    }
}
