package io.notify.delivery.provider.fcm;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.firebase.FirebaseApp;
import com.google.firebase.FirebaseOptions;
import com.google.firebase.messaging.AndroidConfig;
import com.google.firebase.messaging.FirebaseMessaging;
import com.google.firebase.messaging.FirebaseMessagingException;
import com.google.firebase.messaging.Message;
import com.google.firebase.messaging.Notification;
import io.notify.delivery.provider.ProviderAdapter;
import io.notify.delivery.provider.SendOutcome;
import io.notify.delivery.provider.SendThreads;
import io.notify.schemas.AndroidPushNotification;
import io.notify.schemas.Channel;
import io.notify.schemas.NotificationMeta;
import io.notify.schemas.Priority;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Android push through firebase-admin's FCM HTTP v1 client. The SDK itself retries HTTP 503 up
 * to four times with exponential backoff, honouring a Retry-After of at most 60 s; a send that
 * still fails after those retries, or a 503 asking for a longer wait, comes back as Retryable
 * with the Retry-After. Blocking sends run on this adapter's own bounded pool.
 */
public final class FcmAdapter implements ProviderAdapter<AndroidPushNotification> {

    static final Duration MAX_TTL = Duration.ofDays(28);

    private static final Logger LOG = LoggerFactory.getLogger(FcmAdapter.class);
    private static final String NOTIFICATION_ID_KEY = "notification_id";

    private final FirebaseApp app;
    private final FirebaseMessaging messaging;
    private final SendThreads sendThreads;

    public FcmAdapter(FcmSettings settings) {
        this.app = FirebaseApp.initializeApp(options(settings), "notify-fcm-" + UUID.randomUUID());
        this.messaging = FirebaseMessaging.getInstance(app);
        this.sendThreads = new SendThreads("fcm", settings.threads());
    }

    @Override
    public String name() {
        return "fcm";
    }

    @Override
    public Channel channel() {
        return Channel.ANDROID;
    }

    @Override
    public CompletableFuture<SendOutcome> send(AndroidPushNotification notification) {
        Message message;
        try {
            message = message(notification);
        } catch (RuntimeException e) {
            LOG.warn("fcm message could not be built: {}", e.getClass().getSimpleName());
            return CompletableFuture.completedFuture(new SendOutcome.Permanent("fcm:unbuildable"));
        }
        return sendThreads.submit(() -> sendNow(message));
    }

    @Override
    public void close() {
        sendThreads.close();
        app.delete();
    }

    private SendOutcome sendNow(Message message) {
        try {
            return new SendOutcome.Sent(messaging.send(message));
        } catch (FirebaseMessagingException e) {
            return FcmErrors.classify(e);
        } catch (IllegalStateException e) {
            // google-auth's answer to a 401 when the credentials are a fixed token it cannot refresh.
            return new SendOutcome.ProviderRejectedCredentials("fcm:credentials");
        } catch (RuntimeException e) {
            LOG.warn("fcm send failed unexpectedly: {}", e.getClass().getSimpleName());
            return new SendOutcome.Retryable("fcm:" + e.getClass().getSimpleName(), Optional.empty());
        }
    }

    private static Message message(AndroidPushNotification notification) {
        return Message.builder()
                .setToken(notification.getRegistrationToken())
                .setNotification(Notification.builder()
                        .setTitle(notification.getTitle())
                        .setBody(notification.getBody())
                        .build())
                .putAllData(notification.getData())
                .putData(NOTIFICATION_ID_KEY, notification.getMeta().getNotificationId())
                .setAndroidConfig(android(notification.getMeta()))
                .build();
    }

    /** Priority; the time left before it expires as FCM's ttl (FCM keeps it for a device that is offline that long); the collapse key. */
    private static AndroidConfig android(NotificationMeta meta) {
        AndroidConfig.Builder android = AndroidConfig.builder()
                .setPriority(meta.getPriority() == Priority.HIGH ? AndroidConfig.Priority.HIGH : AndroidConfig.Priority.NORMAL)
                .setCollapseKey(meta.getCollapseKey());
        if (meta.getExpiresAt() != null) {
            // FCM refuses a ttl over four weeks (INVALID_ARGUMENT): a later expiry is sent as the longest it keeps.
            Instant now = Instant.now();
            Duration left = meta.getExpiresAt().isAfter(now.plus(MAX_TTL)) ? MAX_TTL
                    : Duration.between(now, meta.getExpiresAt());
            android.setTtl(Math.max(0, left.toMillis()));
        }
        return android.build();
    }

    private static FirebaseOptions options(FcmSettings settings) {
        FirebaseOptions.Builder options = FirebaseOptions.builder()
                .setProjectId(settings.projectId())
                .setCredentials(credentials(settings))
                .setConnectTimeout((int) settings.connectTimeout().toMillis())
                .setReadTimeout((int) settings.readTimeout().toMillis());
        settings.endpoint().ifPresent(endpoint -> options.setHttpTransport(SandboxRedirectTransport.to(endpoint)));
        return options.build();
    }

    private static GoogleCredentials credentials(FcmSettings settings) {
        try {
            if (settings.accessToken().isPresent()) {
                // A fixed token that never expires: no token endpoint is ever called.
                Date farFuture = Date.from(Instant.now().plus(Duration.ofDays(3650)));
                return GoogleCredentials.create(new AccessToken(settings.accessToken().get(), farFuture));
            }
            if (settings.serviceAccountJson().isPresent()) {
                return GoogleCredentials.fromStream(new ByteArrayInputStream(
                        settings.serviceAccountJson().get().getBytes(StandardCharsets.UTF_8)));
            }
            return GoogleCredentials.getApplicationDefault();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load FCM credentials", e);
        }
    }
}
