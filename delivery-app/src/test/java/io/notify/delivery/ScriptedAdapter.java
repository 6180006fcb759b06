package io.notify.delivery;

import io.notify.delivery.pipeline.NotificationType;
import io.notify.delivery.provider.ProviderAdapter;
import io.notify.delivery.provider.SendOutcome;
import io.notify.schemas.Channel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;

/**
 * Stands for a provider in pipeline tests: answers each notification with its scripted
 * outcomes in turn (the last one repeats; unscripted ones are sent) after a fixed delay, and
 * records what it was asked and how many requests were open at once.
 */
public final class ScriptedAdapter<N extends SpecificRecord> implements ProviderAdapter<N> {

    private final String name;
    private final NotificationType<N> type;
    private final Duration delay;
    private final Map<String, Deque<SendOutcome>> scripts = new ConcurrentHashMap<>();
    private final Map<String, Duration> delays = new ConcurrentHashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final Map<String, List<Long>> callTimes = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger mostOpen = new AtomicInteger();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    public ScriptedAdapter(String name, NotificationType<N> type, Duration delay) {
        this.name = name;
        this.type = type;
        this.delay = delay;
    }

    public ScriptedAdapter<N> script(String notificationId, SendOutcome... outcomes) {
        scripts.put(notificationId, new ArrayDeque<>(List.of(outcomes)));
        return this;
    }

    /** Answers for {@code notificationId} only after {@code delay} instead of the adapter's delay. */
    public ScriptedAdapter<N> delay(String notificationId, Duration delay) {
        delays.put(notificationId, delay);
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Channel channel() {
        return type.channel();
    }

    @Override
    public CompletableFuture<SendOutcome> send(N notification) {
        String id = type.meta().apply(notification).getNotificationId();
        calls.add(id);
        callTimes.computeIfAbsent(id, key -> new CopyOnWriteArrayList<>()).add(System.currentTimeMillis());
        mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
        CompletableFuture<SendOutcome> answer = new CompletableFuture<>();
        timer.schedule(() -> {
            open.decrementAndGet();
            answer.complete(next(id));
        }, delays.getOrDefault(id, delay).toMillis(), TimeUnit.MILLISECONDS);
        return answer;
    }

    private SendOutcome next(String id) {
        Deque<SendOutcome> script = scripts.get(id);
        if (script == null || script.isEmpty()) {
            return new SendOutcome.Sent(name + "-" + id);
        }
        synchronized (script) {
            return script.size() > 1 ? script.poll() : script.peek();
        }
    }

    /** Notification ids in the order they were sent, repeats included. */
    public List<String> calls() {
        return new ArrayList<>(calls);
    }

    public long callsFor(String notificationId) {
        return calls.stream().filter(notificationId::equals).count();
    }

    /** Wall-clock milliseconds of each call for one notification. */
    public List<Long> callTimesFor(String notificationId) {
        return callTimes.getOrDefault(notificationId, List.of());
    }

    public int mostOpenAtOnce() {
        return mostOpen.get();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
