package io.notify.delivery.provider.tracking;

import com.sun.net.httpserver.HttpServer;
import io.notify.schemas.NotificationStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoints providers call back: SendGrid's Event Webhook at
 * {@value TrackingSettings#SENDGRID_PATH} and Twilio's status callbacks at
 * {@value TrackingSettings#TWILIO_PATH}. Each verified callback becomes a
 * {@link NotificationStatus} handed to {@code statuses} (the caller publishes to notify.status).
 */
public final class TrackingServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrackingServer.class);

    private final HttpServer server;
    private final ExecutorService executor;

    private TrackingServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static TrackingServer start(TrackingSettings settings, Consumer<NotificationStatus> statuses) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(settings.bindHost(), settings.port()), 128);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the tracking webhooks on port " + settings.port(), e);
        }
        RecentEventIds recent = new RecentEventIds(settings.dedupeCapacity());
        settings.sendGridVerificationKey().ifPresentOrElse(
                key -> server.createContext(TrackingSettings.SENDGRID_PATH, new SendGridEventWebhook(
                        new SendGridSignatureVerifier(key), settings.maxSignatureAge(), recent, statuses)),
                () -> LOG.warn("no sendgrid.webhook.verification.key: SendGrid events are not received"));
        settings.twilioAuthToken().ifPresentOrElse(
                token -> server.createContext(TrackingSettings.TWILIO_PATH,
                        new TwilioStatusCallback(token, settings.publicBaseUrl(), recent, statuses)),
                () -> LOG.warn("no twilio.auth.token: Twilio status callbacks are not received"));
        ExecutorService executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "tracking-webhook");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.start();
        LOG.info("tracking webhooks listening on port {}", server.getAddress().getPort());
        return new TrackingServer(server, executor);
    }

    /** The bound port (useful when configured as 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
