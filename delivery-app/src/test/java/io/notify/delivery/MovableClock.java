package io.notify.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock a test moves by hand: time passes only when the test says so. */
public final class MovableClock extends Clock {

    private volatile long now;

    public MovableClock(long now) {
        this.now = now;
    }

    public void advance(Duration duration) {
        now += duration.toMillis();
    }

    public void set(long millis) {
        now = millis;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(now);
    }
}
