package io.notify.delivery.provider.email;

import io.notify.delivery.provider.GuardedProvider;
import io.notify.delivery.provider.SendOutcome;
import io.notify.delivery.provider.resilience.ResilientProvider;
import io.notify.schemas.Channel;
import io.notify.schemas.EmailNotification;
import java.util.concurrent.CompletableFuture;

/**
 * Email with a fallback: SendGrid while its circuit is closed, SMTP while it is open (or when the
 * breaker refused this very send). The email channel only counts as open when both paths are.
 * {@link #name()} is the primary's; an SMTP send is recognisable by its Message-ID domain.
 */
public final class FallbackEmailProvider implements GuardedProvider<EmailNotification> {

    private final ResilientProvider<EmailNotification> primary;
    private final ResilientProvider<EmailNotification> fallback;

    public FallbackEmailProvider(ResilientProvider<EmailNotification> primary, ResilientProvider<EmailNotification> fallback) {
        this.primary = primary;
        this.fallback = fallback;
    }

    @Override
    public String name() {
        return primary.name();
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public CompletableFuture<SendOutcome> send(EmailNotification notification) {
        if (primary.isOpen()) {
            return fallback.send(notification);
        }
        return primary.send(notification).thenCompose(outcome -> refusedByCircuit(outcome)
                ? fallback.send(notification)
                : CompletableFuture.completedFuture(outcome));
    }

    @Override
    public boolean isOpen() {
        return primary.isOpen() && fallback.isOpen();
    }

    @Override
    public void onStateChange(Runnable listener) {
        primary.onStateChange(listener);
        fallback.onStateChange(listener);
    }

    @Override
    public void close() {
        primary.close();
        fallback.close();
    }

    private static boolean refusedByCircuit(SendOutcome outcome) {
        return outcome instanceof SendOutcome.Deferred deferred && deferred.reason().startsWith(ResilientProvider.CIRCUIT_OPEN);
    }
}
