package io.notify.sandbox.twilio;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.notify.sandbox.Fault;
import io.notify.sandbox.HttpForms;
import io.notify.sandbox.HttpSandbox;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Twilio Programmable Messaging: {@code POST /2010-04-01/Accounts/{sid}/Messages.json} with HTTP
 * basic auth (account sid, auth token) and form fields To, From, Body, StatusCallback. Success is
 * {@code 201} with a Message resource; errors are Twilio's JSON error body
 * ({@code code, message, more_info, status}).
 */
public final class TwilioSandbox extends HttpSandbox {

    private static final Pattern MESSAGES_PATH = Pattern.compile("/2010-04-01/Accounts/([^/]+)/Messages\\.json");
    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{1,14}");
    private static final DateTimeFormatter RFC_2822 = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US);

    private final String accountSid;
    private final String authToken;
    private final HttpClient callbackClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public TwilioSandbox(String accountSid, String authToken) {
        super("twilio");
        this.accountSid = accountSid;
        this.authToken = authToken;
    }

    public TwilioSandbox() {
        this("AC" + hex32(), hex32());
    }

    public String accountSid() {
        return accountSid;
    }

    public String authToken() {
        return authToken;
    }

    @Override
    public TwilioSandbox start() {
        super.start();
        return this;
    }

    /**
     * Posts a signed status callback ({@code MessageStatus} sent, delivered, undelivered, failed)
     * for an accepted message to its StatusCallback URL, as Twilio does; returns the HTTP status.
     */
    public int postStatusCallback(String messageSid, String status) throws IOException, InterruptedException {
        var accepted = ledger().accepted().stream().filter(a -> a.messageId().equals(messageSid)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no accepted message " + messageSid));
        String callbackUrl = accepted.request().path("StatusCallback").asText("");
        if (callbackUrl.isEmpty()) {
            throw new IllegalArgumentException("message " + messageSid + " has no StatusCallback");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("AccountSid", accountSid);
        fields.put("ApiVersion", "2010-04-01");
        fields.put("From", accepted.request().path("From").asText());
        fields.put("MessageSid", messageSid);
        fields.put("SmsSid", messageSid);
        fields.put("MessageStatus", status);
        fields.put("SmsStatus", status);
        fields.put("To", accepted.recipient());
        if ("undelivered".equals(status) || "failed".equals(status)) {
            fields.put("ErrorCode", "30003");
        }
        String form = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(callbackUrl))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", new TwilioSignature(authToken).sign(callbackUrl, fields))
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        return callbackClient.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Override
    protected String newMessageId() {
        return "SM" + hex32();
    }

    @Override
    protected Answer handle(Incoming request) {
        Matcher messages = MESSAGES_PATH.matcher(request.path());
        if (!messages.matches()) {
            return error(404, 20404, "The requested resource " + request.path() + " was not found");
        }
        if (!authorized(request.header("Authorization")) || !accountSid.equals(messages.group(1))) {
            return error(401, 20003, "Authenticate");
        }
        if (!"POST".equals(request.method())) {
            return error(405, 20004, "Method not allowed");
        }
        Map<String, String> form = HttpForms.parse(request.bodyText());
        String to = form.getOrDefault("To", "");
        if (to.isEmpty()) {
            return error(400, 21604, "A 'To' phone number is required.");
        }
        if (!E164.matcher(to).matches()) {
            return invalidTo();
        }
        if (form.getOrDefault("From", "").isEmpty() && form.getOrDefault("MessagingServiceSid", "").isEmpty()) {
            return error(400, 21603, "A 'From' phone number is required.");
        }
        if (form.getOrDefault("Body", "").isEmpty() && form.getOrDefault("MediaUrl", "").isEmpty()) {
            return error(400, 21602, "Message body is required.");
        }
        ObjectNode fields = JSON.createObjectNode();
        form.forEach(fields::put);
        return deliver(to, notificationIdIn(form.get("StatusCallback")), fields, TwilioSandbox::faultAnswer,
                sid -> created(sid, form));
    }

    private static String notificationIdIn(String statusCallback) {
        if (statusCallback == null || !statusCallback.contains("?")) {
            return "";
        }
        return HttpForms.parse(statusCallback.substring(statusCallback.indexOf('?') + 1)).getOrDefault("notificationId", "");
    }

    private boolean authorized(String header) {
        String expected = "Basic " + Base64.getEncoder()
                .encodeToString((accountSid + ":" + authToken).getBytes(StandardCharsets.UTF_8));
        return expected.equals(header);
    }

    private Answer created(String sid, Map<String, String> form) {
        String now = ZonedDateTime.now(ZoneOffset.UTC).format(RFC_2822);
        String uri = "/2010-04-01/Accounts/" + accountSid + "/Messages/" + sid;
        ObjectNode message = JSON.createObjectNode()
                .put("account_sid", accountSid)
                .put("api_version", "2010-04-01")
                .put("body", form.get("Body"))
                .put("date_created", now)
                .put("date_updated", now)
                .putNull("date_sent")
                .put("direction", "outbound-api")
                .putNull("error_code")
                .putNull("error_message")
                .put("from", form.get("From"))
                .putNull("messaging_service_sid")
                .put("num_media", "0")
                .put("num_segments", "1")
                .putNull("price")
                .put("price_unit", "USD")
                .put("sid", sid)
                .put("status", "queued")
                .put("to", form.get("To"))
                .put("uri", uri + ".json");
        message.putObject("subresource_uris").put("media", uri + "/Media.json");
        return Answer.json(201, message.toString());
    }

    private static Answer faultAnswer(Fault fault) {
        return switch (fault.kind()) {
            case TOO_MANY_REQUESTS -> {
                Answer answer = error(429, 20429, "Too Many Requests");
                long seconds = fault.retryAfterSeconds();
                yield seconds > 0 ? answer.withHeader("Retry-After", Long.toString(seconds)) : answer;
            }
            case INTERNAL_ERROR -> error(500, 20500, "Internal Server Error");
            case UNAVAILABLE -> {
                Answer answer = error(503, 20503, "Service Unavailable");
                long seconds = fault.retryAfterSeconds();
                yield seconds > 0 ? answer.withHeader("Retry-After", Long.toString(seconds)) : answer;
            }
            case INVALID_RECIPIENT -> invalidTo();
            case UNREGISTERED -> error(400, 21610, "Attempt to send to unsubscribed recipient");
            case BAD_REQUEST -> error(400, 21602, "Message body is required.");
            case LATENCY, TIMEOUT -> throw new IllegalStateException("delays are played before accepting");
        };
    }

    private static Answer invalidTo() {
        return error(400, 21211, "The 'To' number is not a valid phone number.");
    }

    private static Answer error(int status, int code, String message) {
        ObjectNode body = JSON.createObjectNode()
                .put("code", code)
                .put("message", message)
                .put("more_info", "https://www.twilio.com/docs/errors/" + code)
                .put("status", status);
        return Answer.json(status, body.toString());
    }

    private static String hex32() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
