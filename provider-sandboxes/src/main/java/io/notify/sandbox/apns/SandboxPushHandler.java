package io.notify.sandbox.apns;

import com.eatthepath.pushy.apns.auth.ApnsVerificationKey;
import com.eatthepath.pushy.apns.auth.AuthenticationToken;
import com.eatthepath.pushy.apns.server.PushNotificationHandler;
import com.eatthepath.pushy.apns.server.RejectedNotificationException;
import com.eatthepath.pushy.apns.server.RejectionReason;
import com.eatthepath.pushy.apns.server.UnregisteredDeviceTokenException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http2.Http2Headers;
import io.notify.sandbox.AcceptedRequest;
import io.notify.sandbox.Fault;
import io.notify.sandbox.FaultPlan;
import io.notify.sandbox.SandboxLedger;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Answers one push the way APNs does: checks the provider token (JWT signed with the team's
 * key), the topic, the device token and the payload size, then plays any planned fault or
 * accepts. Rejections use Pushy's {@link RejectionReason}, which carries APNs' status and reason
 * text. Delays run on the connection's event loop, so a LATENCY or TIMEOUT fault holds up the
 * whole connection, not only the one stream.
 */
final class SandboxPushHandler implements PushNotificationHandler {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH_PREFIX = "/3/device/";
    private static final Pattern DEVICE_TOKEN = Pattern.compile("[0-9a-fA-F]{32,200}");
    private static final int MAX_PAYLOAD_BYTES = 4096;

    private final ApnsVerificationKey verificationKey;
    private final String topic;
    private final FaultPlan faults;
    private final SandboxLedger ledger;
    /**
     * The last provider token this connection proved, as APNs itself remembers it: a client
     * reuses one token for up to an hour, and checking the ES256 signature on every push made
     * the sandbox's single event loop the ceiling of any throughput measurement (~700/s).
     */
    private String verifiedToken;

    SandboxPushHandler(ApnsVerificationKey verificationKey, String topic, FaultPlan faults, SandboxLedger ledger) {
        this.verificationKey = verificationKey;
        this.topic = topic;
        this.faults = faults;
        this.ledger = ledger;
    }

    @Override
    public void handlePushNotification(Http2Headers headers, ByteBuf payload) throws RejectedNotificationException {
        String path = String.valueOf(headers.path());
        String token = path.startsWith(PATH_PREFIX) ? path.substring(PATH_PREFIX.length()) : "";
        ledger.recordAttempt(token);
        verifyProviderToken(headers.get("authorization"));
        verifyTopic(headers.get("apns-topic"));
        if (!DEVICE_TOKEN.matcher(token).matches()) {
            throw new RejectedNotificationException(RejectionReason.BAD_DEVICE_TOKEN);
        }
        if (payload.readableBytes() == 0) {
            throw new RejectedNotificationException(RejectionReason.PAYLOAD_EMPTY);
        }
        if (payload.readableBytes() > MAX_PAYLOAD_BYTES) {
            throw new RejectedNotificationException(RejectionReason.PAYLOAD_TOO_LARGE);
        }
        Optional<Fault> fault = faults.next(token);
        if (fault.isPresent()) {
            play(fault.get());
        }
        ObjectNode request = describe(headers, payload);
        ledger.recordAccepted(new AcceptedRequest(apnsId(headers), token,
                request.path("payload").path("notification_id").asText(""), request, Instant.now()));
    }

    private void verifyProviderToken(CharSequence authorization) throws RejectedNotificationException {
        String value = authorization == null ? "" : authorization.toString();
        if (!value.regionMatches(true, 0, "bearer ", 0, 7)) {
            throw new RejectedNotificationException(RejectionReason.MISSING_PROVIDER_TOKEN);
        }
        String token = value.substring(7).trim();
        if (token.equals(verifiedToken)) {
            return;
        }
        try {
            if (new AuthenticationToken(token).verifySignature(verificationKey)) {
                verifiedToken = token;
                return;
            }
        } catch (RuntimeException unreadable) {
            // An unparseable JWT is answered like a forged one.
        }
        throw new RejectedNotificationException(RejectionReason.INVALID_PROVIDER_TOKEN);
    }

    private void verifyTopic(CharSequence requested) throws RejectedNotificationException {
        if (requested == null) {
            throw new RejectedNotificationException(RejectionReason.MISSING_TOPIC);
        }
        if (!topic.contentEquals(requested)) {
            throw new RejectedNotificationException(RejectionReason.TOPIC_DISALLOWED);
        }
    }

    private static void play(Fault fault) throws RejectedNotificationException {
        switch (fault.kind()) {
            case TOO_MANY_REQUESTS -> throw new RejectedNotificationException(RejectionReason.TOO_MANY_REQUESTS);
            case INTERNAL_ERROR -> throw new RejectedNotificationException(RejectionReason.INTERNAL_SERVER_ERROR);
            case UNAVAILABLE -> throw new RejectedNotificationException(RejectionReason.SERVICE_UNAVAILABLE);
            case INVALID_RECIPIENT -> throw new RejectedNotificationException(RejectionReason.BAD_DEVICE_TOKEN);
            case UNREGISTERED -> throw new UnregisteredDeviceTokenException(Instant.now());
            case BAD_REQUEST -> throw new RejectedNotificationException(RejectionReason.PAYLOAD_EMPTY);
            case LATENCY, TIMEOUT -> sleep(fault);
        }
    }

    private static void sleep(Fault fault) {
        try {
            Thread.sleep(fault.duration().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String apnsId(Http2Headers headers) {
        CharSequence id = headers.get("apns-id");
        return id == null ? UUID.randomUUID().toString() : id.toString();
    }

    private static ObjectNode describe(Http2Headers headers, ByteBuf payload) {
        ObjectNode request = JSON.createObjectNode();
        for (String header : new String[] {"apns-id", "apns-topic", "apns-priority", "apns-push-type", "apns-collapse-id", "apns-expiration"}) {
            CharSequence value = headers.get(header);
            if (value != null) {
                request.put(header, value.toString());
            }
        }
        String body = payload.toString(StandardCharsets.UTF_8);
        try {
            request.set("payload", JSON.readTree(body));
        } catch (IOException notJson) {
            request.put("payload", body);
        }
        return request;
    }
}
