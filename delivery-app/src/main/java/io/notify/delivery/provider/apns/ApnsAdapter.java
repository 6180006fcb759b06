package io.notify.delivery.provider.apns;

import com.eatthepath.pushy.apns.ApnsClient;
import com.eatthepath.pushy.apns.ApnsClientBuilder;
import com.eatthepath.pushy.apns.DeliveryPriority;
import com.eatthepath.pushy.apns.PushNotificationResponse;
import com.eatthepath.pushy.apns.PushType;
import com.eatthepath.pushy.apns.auth.ApnsSigningKey;
import com.eatthepath.pushy.apns.util.SimpleApnsPushNotification;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.notify.delivery.provider.ProviderAdapter;
import io.notify.delivery.provider.SendOutcome;
import io.notify.schemas.Channel;
import io.notify.schemas.IosPushNotification;
import io.notify.schemas.NotificationMeta;
import io.notify.schemas.Priority;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * iOS push through Pushy with token authentication. The {@code apns-id} is derived from the
 * notification id, so a resend after a crash carries the same id as the first attempt. Pushy
 * has no per-request timeout, so one is applied here; Pushy also queues without bound beyond
 * the server's stream limit, so the caller must bound what it has in flight.
 */
public final class ApnsAdapter implements ProviderAdapter<IosPushNotification> {

    private static final Logger LOG = LoggerFactory.getLogger(ApnsAdapter.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration EXPIRY = Duration.ofDays(1);
    private static final int MAX_COLLAPSE_ID_BYTES = 64;

    private final ApnsClient client;
    private final ApnsSettings settings;

    public ApnsAdapter(ApnsSettings settings) {
        this.settings = settings;
        this.client = buildClient(settings);
    }

    @Override
    public String name() {
        return "apns";
    }

    @Override
    public Channel channel() {
        return Channel.IOS;
    }

    @Override
    public CompletableFuture<SendOutcome> send(IosPushNotification notification) {
        try {
            SimpleApnsPushNotification push = new SimpleApnsPushNotification(
                    notification.getDeviceToken(), settings.topic(), payload(notification),
                    expiration(notification.getMeta()), priority(notification.getMeta().getPriority()), PushType.ALERT,
                    collapseId(notification.getMeta().getCollapseKey()), apnsId(notification.getMeta().getNotificationId()));
            return client.sendNotification(push)
                    .orTimeout(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)
                    .handle(ApnsAdapter::classify);
        } catch (RuntimeException e) {
            LOG.warn("apns send could not be built: {}", e.getClass().getSimpleName());
            return CompletableFuture.completedFuture(new SendOutcome.Permanent("apns:unbuildable"));
        }
    }

    /** Its own expiry (apns-expiration: APNs stores and retries it until then), else a day from now. */
    static Instant expiration(NotificationMeta meta) {
        return meta.getExpiresAt() != null ? meta.getExpiresAt() : Instant.now().plus(EXPIRY);
    }

    /** apns-collapse-id may not exceed 64 bytes: a longer key is sent as a name-based UUID of itself, still one per key. */
    static String collapseId(String collapseKey) {
        if (collapseKey == null) {
            return null;
        }
        byte[] bytes = collapseKey.getBytes(StandardCharsets.UTF_8);
        return bytes.length <= MAX_COLLAPSE_ID_BYTES ? collapseKey : UUID.nameUUIDFromBytes(bytes).toString();
    }

    /**
     * A notification id that is already a UUID is used as is; any other id maps to a name-based
     * UUID, so the same notification always gets the same apns-id.
     */
    static UUID apnsId(String notificationId) {
        try {
            return UUID.fromString(notificationId);
        } catch (IllegalArgumentException notUuid) {
            return UUID.nameUUIDFromBytes(notificationId.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() {
        client.close().join();
    }

    private static SendOutcome classify(PushNotificationResponse<SimpleApnsPushNotification> response, Throwable error) {
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            return new SendOutcome.Retryable(cause instanceof TimeoutException ? "apns:timeout" : "apns:connection",
                    Optional.empty());
        }
        if (response.isAccepted()) {
            return new SendOutcome.Sent(response.getApnsId().toString());
        }
        return ApnsRejections.classify(response.getStatusCode(), response.getRejectionReason().orElse("Unknown"));
    }

    private static String payload(IosPushNotification notification) {
        ObjectNode root = JSON.createObjectNode();
        notification.getData().forEach((key, value) -> root.put(key.toString(), value.toString()));
        ObjectNode alert = root.putObject("aps").putObject("alert");
        alert.put("title", notification.getTitle().toString());
        alert.put("body", notification.getBody().toString());
        root.put("notification_id", notification.getMeta().getNotificationId().toString());
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serializes", e);
        }
    }

    private static DeliveryPriority priority(Priority priority) {
        return priority == Priority.LOW ? DeliveryPriority.CONSERVE_POWER : DeliveryPriority.IMMEDIATE;
    }

    private static ApnsClient buildClient(ApnsSettings settings) {
        try {
            ApnsClientBuilder builder = new ApnsClientBuilder()
                    .setApnsServer(settings.host(), settings.port())
                    .setSigningKey(ApnsSigningKey.loadFromInputStream(
                            new ByteArrayInputStream(settings.signingKeyPem().getBytes(StandardCharsets.US_ASCII)),
                            settings.teamId(), settings.keyId()))
                    .setConcurrentConnections(settings.concurrentConnections());
            if (settings.trustedCertificateFile().isPresent()) {
                builder.setTrustedServerCertificateChain(settings.trustedCertificateFile().get().toFile());
            }
            return builder.build();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot build the APNs client from apns.* settings", e);
        }
    }
}
