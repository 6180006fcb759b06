package io.notify.delivery.pipeline;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds how many records of one channel are between "taken from a poll" and "finished". The
 * channel's main and retry consumers share it, so one provider never has more than
 * {@code capacity} requests outstanding (Pushy, for one, would queue without limit).
 */
public final class InFlightWindow {

    private final int capacity;
    private final Semaphore permits;

    public InFlightWindow(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the in-flight window needs at least one slot");
        }
        this.capacity = capacity;
        this.permits = new Semaphore(capacity);
    }

    /** Waits at most {@code patience} for a slot. */
    public boolean tryEnter(Duration patience) {
        try {
            return permits.tryAcquire(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public void leave() {
        permits.release();
    }

    public int inFlight() {
        return capacity - permits.availablePermits();
    }

    public int capacity() {
        return capacity;
    }
}
