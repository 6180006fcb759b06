package io.notify.delivery.provider.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.notify.delivery.provider.GuardedProvider;
import io.notify.delivery.provider.ProviderAdapter;
import io.notify.delivery.provider.SendOutcome;
import io.notify.schemas.Channel;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A provider behind its own circuit breaker and rate limiter. Only retryable outcomes (5xx, 429,
 * timeouts, connection errors) and refused credentials count as failures: a dead token or a bad
 * payload says nothing about the provider's health. Refused credentials open the circuit at once
 * and raise an alert (an ERROR line): waiting for the failure rate would only send a window more of
 * requests that cannot succeed. A send the circuit refuses (open, or half-open beyond its probes)
 * comes back at once as Deferred by the circuit's wait, and {@link #isOpen()} tells the consumer to
 * pause. The breaker moves to
 * half-open on its own after the wait, because a paused consumer makes no calls that could move it.
 * The rate limiter never blocks the caller: a send waits for its permit on a delayed executor.
 */
public final class ResilientProvider<N extends SpecificRecord> implements GuardedProvider<N> {

    /** Reason prefix of a send the circuit refused (the provider's name follows). */
    public static final String CIRCUIT_OPEN = "circuit_open:";

    private static final Logger LOG = LoggerFactory.getLogger(ResilientProvider.class);

    private final ProviderAdapter<N> delegate;
    private final CircuitBreaker circuitBreaker;
    private final RateLimiter rateLimiter;
    private final Duration openWait;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public ResilientProvider(ProviderAdapter<N> delegate, ResilienceSettings settings) {
        this.delegate = delegate;
        this.openWait = settings.openWait();
        this.circuitBreaker = CircuitBreaker.of(delegate.name(), CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.slidingWindowCalls())
                .minimumNumberOfCalls(settings.minimumCalls())
                .failureRateThreshold(settings.failureRatePercent())
                .waitDurationInOpenState(settings.openWait())
                .permittedNumberOfCallsInHalfOpenState(settings.halfOpenCalls())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .recordException(failure -> failure instanceof ProviderFailure)
                .build());
        this.rateLimiter = RateLimiter.of(delegate.name(), RateLimiterConfig.custom()
                .limitForPeriod(settings.permitsPerSecond())
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(settings.maxPermitWait())
                .build());
        circuitBreaker.getEventPublisher().onStateTransition(event -> {
            LOG.info("{} circuit {}", delegate.name(), event.getStateTransition());
            listeners.forEach(Runnable::run);
        });
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public Channel channel() {
        return delegate.channel();
    }

    @Override
    public CompletableFuture<SendOutcome> send(N notification) {
        if (!circuitBreaker.tryAcquirePermission()) {
            return CompletableFuture.completedFuture(new SendOutcome.Deferred(CIRCUIT_OPEN + name(), openWait));
        }
        long waitNanos = rateLimiter.reservePermission();
        if (waitNanos < 0) {
            circuitBreaker.releasePermission();
            return CompletableFuture.completedFuture(new SendOutcome.Deferred("rate_limited:" + name(), Duration.ofSeconds(1)));
        }
        Executor afterPermit = waitNanos == 0 ? Runnable::run : CompletableFuture.delayedExecutor(waitNanos, TimeUnit.NANOSECONDS);
        return CompletableFuture.supplyAsync(() -> System.nanoTime(), afterPermit)
                .thenCompose(start -> safeSend(notification).thenApply(outcome -> record(start, outcome)));
    }

    @Override
    public boolean isOpen() {
        CircuitBreaker.State state = circuitBreaker.getState();
        return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
    }

    @Override
    public void onStateChange(Runnable listener) {
        listeners.add(listener);
    }

    /** For metrics (state, failure rate) and for operators forcing a state. */
    public CircuitBreaker circuitBreaker() {
        return circuitBreaker;
    }

    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    @Override
    public void close() {
        delegate.close();
    }

    private CompletableFuture<SendOutcome> safeSend(N notification) {
        try {
            return delegate.send(notification)
                    .exceptionally(error -> new SendOutcome.Retryable(name() + ":" + error.getClass().getSimpleName(), Optional.empty()));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(new SendOutcome.Retryable(name() + ":" + e.getClass().getSimpleName(), Optional.empty()));
        }
    }

    private SendOutcome record(long startNanos, SendOutcome outcome) {
        long elapsed = System.nanoTime() - startNanos;
        if (outcome instanceof SendOutcome.Retryable retryable) {
            circuitBreaker.onError(elapsed, TimeUnit.NANOSECONDS, new ProviderFailure(retryable.reason()));
        } else if (outcome instanceof SendOutcome.ProviderRejectedCredentials rejected) {
            boolean alreadyOpen = isOpen();
            circuitBreaker.onError(elapsed, TimeUnit.NANOSECONDS, new ProviderFailure(rejected.reason()));
            openForCredentials();
            if (!alreadyOpen) {
                LOG.error("{} rejected our credentials ({}): its circuit is open, no {} notification goes through it until a probe"
                        + " succeeds and refused ones wait for retry; check the {} credentials", name(), rejected.reason(), channel(), name());
            }
        } else {
            circuitBreaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
        }
        return outcome;
    }

    /** A forced-open circuit is an operator's decision and stays as it is; an open one keeps its wait. */
    private void openForCredentials() {
        CircuitBreaker.State state = circuitBreaker.getState();
        if (state == CircuitBreaker.State.CLOSED || state == CircuitBreaker.State.HALF_OPEN) {
            circuitBreaker.transitionToOpenState();
        }
    }

    /** How a failure of the provider (retryable, or refused credentials) is recorded in the breaker; never thrown. */
    static final class ProviderFailure extends RuntimeException {
        ProviderFailure(String reason) {
            super(reason, null, false, false);
        }
    }
}
