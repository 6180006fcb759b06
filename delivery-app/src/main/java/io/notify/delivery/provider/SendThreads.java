package io.notify.delivery.provider;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The threads a blocking provider SDK (firebase-admin, twilio, sendgrid-java, Jakarta Mail)
 * sends on: a bounded pool of its own, so a slow provider holds its own threads and never the
 * pipeline's, and a send that throws still ends as an outcome ({@code <provider>:unexpected},
 * retryable) instead of an exceptional future.
 */
public final class SendThreads implements AutoCloseable {

    private final ExecutorService executor;
    private final Function<Throwable, SendOutcome> unexpected;

    public SendThreads(String provider, int threads) {
        this(provider, threads, error -> new SendOutcome.Retryable(provider + ":unexpected", Optional.empty()));
    }

    public SendThreads(String provider, int threads, Function<Throwable, SendOutcome> unexpected) {
        AtomicInteger count = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, provider + "-send-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.unexpected = unexpected;
    }

    public CompletableFuture<SendOutcome> submit(Supplier<SendOutcome> send) {
        return CompletableFuture.supplyAsync(send, executor).exceptionally(unexpected);
    }

    /** Interrupts sends still running: the pipeline has already given up on them. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
