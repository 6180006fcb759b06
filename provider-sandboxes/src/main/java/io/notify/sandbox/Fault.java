package io.notify.sandbox;

import java.time.Duration;

/**
 * A misbehaviour a sandbox plays instead of (or before) its normal answer. Each sandbox turns a
 * kind into the status code and error body its provider documents for that case.
 *
 * @param kind     what goes wrong
 * @param duration Retry-After for {@link Kind#TOO_MANY_REQUESTS}/{@link Kind#UNAVAILABLE} (zero: no
 *                 header), the added delay for {@link Kind#LATENCY} and {@link Kind#TIMEOUT}
 */
public record Fault(Kind kind, Duration duration) {

    public enum Kind {
        /** 429 with Retry-After. */
        TOO_MANY_REQUESTS,
        /** 500. */
        INTERNAL_ERROR,
        /** 503, with Retry-After when a duration is given. */
        UNAVAILABLE,
        /** Answers normally after a delay meant to exceed the client's timeout: the provider still accepts. */
        TIMEOUT,
        /** Answers normally after a delay. */
        LATENCY,
        /** The token, number or address is malformed or unknown (BadDeviceToken, 21211, invalid email). */
        INVALID_RECIPIENT,
        /** The recipient is gone or opted out (APNs Unregistered, FCM UNREGISTERED, Twilio 21610). */
        UNREGISTERED,
        /** The payload is rejected as malformed. */
        BAD_REQUEST
    }

    public Fault {
        duration = duration == null ? Duration.ZERO : duration;
    }

    public static Fault tooManyRequests(Duration retryAfter) {
        return new Fault(Kind.TOO_MANY_REQUESTS, retryAfter);
    }

    public static Fault internalError() {
        return new Fault(Kind.INTERNAL_ERROR, Duration.ZERO);
    }

    public static Fault unavailable() {
        return new Fault(Kind.UNAVAILABLE, Duration.ZERO);
    }

    public static Fault unavailable(Duration retryAfter) {
        return new Fault(Kind.UNAVAILABLE, retryAfter);
    }

    public static Fault timeout(Duration hang) {
        return new Fault(Kind.TIMEOUT, hang);
    }

    public static Fault latency(Duration delay) {
        return new Fault(Kind.LATENCY, delay);
    }

    public static Fault invalidRecipient() {
        return new Fault(Kind.INVALID_RECIPIENT, Duration.ZERO);
    }

    public static Fault unregistered() {
        return new Fault(Kind.UNREGISTERED, Duration.ZERO);
    }

    public static Fault badRequest() {
        return new Fault(Kind.BAD_REQUEST, Duration.ZERO);
    }

    /** Whether the request is still accepted, only later. */
    public boolean delaysOnly() {
        return kind == Kind.LATENCY || kind == Kind.TIMEOUT;
    }

    /** Whole seconds for a Retry-After header, rounded up; zero means no header. */
    public long retryAfterSeconds() {
        long seconds = duration.toSeconds();
        return duration.toNanosPart() > 0 ? seconds + 1 : seconds;
    }
}
