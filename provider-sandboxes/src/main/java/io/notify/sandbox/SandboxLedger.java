package io.notify.sandbox;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * What a sandbox saw: every attempt per recipient (SDK retries included) and every accepted
 * request. Tests and the crash test read it to count duplicates. Recording is O(1): a benchmark
 * pushes hundreds of thousands of requests through it (a copy-on-write list made that quadratic).
 */
public final class SandboxLedger {

    private final Queue<AcceptedRequest> accepted = new ConcurrentLinkedQueue<>();
    private final AtomicInteger acceptedCount = new AtomicInteger();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

    public void recordAttempt(String recipient) {
        attempts.computeIfAbsent(recipient == null ? "" : recipient, r -> new AtomicInteger()).incrementAndGet();
    }

    public void recordAccepted(AcceptedRequest request) {
        accepted.add(request);
        acceptedCount.incrementAndGet();
    }

    /** How many requests were accepted, without copying them. */
    public int acceptedCount() {
        return acceptedCount.get();
    }

    public List<AcceptedRequest> accepted() {
        return List.copyOf(accepted);
    }

    public List<AcceptedRequest> acceptedFor(String recipient) {
        return accepted.stream().filter(a -> a.recipient().equals(recipient)).toList();
    }

    /** Requests that reached the sandbox for this recipient, accepted or not. */
    public int attempts(String recipient) {
        AtomicInteger count = attempts.get(recipient);
        return count == null ? 0 : count.get();
    }

    /** How often each notification id was accepted: more than once means a duplicate delivery. */
    public Map<String, Long> acceptedCountsByNotificationId() {
        return accepted.stream()
                .filter(a -> !a.notificationId().isEmpty())
                .collect(Collectors.groupingBy(AcceptedRequest::notificationId, Collectors.counting()));
    }

    public void clear() {
        accepted.clear();
        acceptedCount.set(0);
        attempts.clear();
    }
}
