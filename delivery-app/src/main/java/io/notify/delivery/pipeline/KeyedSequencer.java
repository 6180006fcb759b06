package io.notify.delivery.pipeline;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Keeps per-user order: work for one key starts only after the previous work for that key
 * finished, while different keys run in parallel. Channel records are keyed by user id, so a
 * user's notifications reach the provider in the order they were produced.
 *
 * <p>Work that waited for a predecessor starts on {@code handoff}, never on the thread that
 * finished the predecessor (a Kafka producer's I/O thread or a provider's event loop).
 */
public final class KeyedSequencer {

    private final Map<String, CompletableFuture<Void>> tails = new HashMap<>();
    private final Executor handoff;

    public KeyedSequencer(Executor handoff) {
        this.handoff = handoff;
    }

    public synchronized CompletableFuture<Void> submit(String key, Supplier<CompletableFuture<Void>> work) {
        if (key == null) {
            return startNow(work);
        }
        CompletableFuture<Void> previous = tails.get(key);
        CompletableFuture<Void> next = previous == null
                ? startNow(work)
                : previous.handleAsync((ignored, error) -> null, handoff).thenCompose(ignored -> work.get());
        tails.put(key, next);
        next.whenComplete((ignored, error) -> forgetIfLast(key, next));
        return next;
    }

    private static CompletableFuture<Void> startNow(Supplier<CompletableFuture<Void>> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    public synchronized int activeKeys() {
        return tails.size();
    }

    private synchronized void forgetIfLast(String key, CompletableFuture<Void> finished) {
        tails.remove(key, finished);
    }
}
