package io.notify.delivery.pipeline;

import io.notify.delivery.DeliveryApp;
import io.notify.delivery.provider.ProviderAdapter;
import io.notify.delivery.provider.SendOutcome;
import io.notify.runtime.config.ConfigSource;
import io.notify.schemas.Channel;
import io.notify.schemas.EmailNotification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The delivery app as its own process for the crash test, configured from the environment like
 * the real one. Its email "provider" appends each accepted notification id to a file, the way a
 * sandbox records what it accepted; the file survives a kill -9 of this process.
 */
public final class RecordingDeliveryProcess {

    public static final String ACCEPTED_FILE = "NOTIFY_TEST_ACCEPTED_FILE";

    private RecordingDeliveryProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path accepted = Path.of(System.getenv(ACCEPTED_FILE));
        DeliveryApp app = DeliveryApp.start(ConfigSource.fromEnvironment(),
                Map.of(Channel.EMAIL, ChannelProvider.withoutCircuit(new FileRecordingAdapter(accepted))));
        Runtime.getRuntime().addShutdownHook(new Thread(app::close));
        new CountDownLatch(1).await();
    }

    private static final class FileRecordingAdapter implements ProviderAdapter<EmailNotification> {
        private final Path file;

        FileRecordingAdapter(Path file) {
            this.file = file;
        }

        @Override
        public String name() {
            return "recorder";
        }

        @Override
        public Channel channel() {
            return Channel.EMAIL;
        }

        @Override
        public CompletableFuture<SendOutcome> send(EmailNotification notification) {
            String id = notification.getMeta().getNotificationId();
            return CompletableFuture.supplyAsync(() -> accept(id), CompletableFuture.delayedExecutor(40, TimeUnit.MILLISECONDS));
        }

        private synchronized SendOutcome accept(String id) {
            try {
                Files.writeString(file, id + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new SendOutcome.Sent("recorded-" + id);
        }

        @Override
        public void close() {
            // Nothing held.
        }
    }
}
