package io.notify.delivery.pipeline;

import io.notify.contract.Topics;
import io.notify.delivery.health.BackgroundLoop;
import io.notify.delivery.ledger.DeliveryLedger;
import io.notify.delivery.ledger.LedgerPartitions;
import io.notify.delivery.metrics.DeliveryMetrics;
import io.notify.delivery.provider.ProviderAdapter;
import io.notify.delivery.retry.DueTimeGate;
import io.notify.delivery.retry.RetryTier;
import io.notify.delivery.retry.RetryTiers;
import io.notify.delivery.retry.RetryTopics;
import io.notify.schemas.Channel;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Everything that consumes one channel: a loop on {@code notify.<channel>} (group
 * {@code <prefix>-<channel>}), one on its urgent lane {@code notify.<channel>.urgent} (group
 * {@code <prefix>-<channel>-urgent}, with an in-flight window of its own) and one loop per retry
 * tier (group {@code <prefix>-<channel>-retry-<tier>}), sharing the channel's in-flight window
 * (all but the urgent lane), adapter and circuit. Channels share nothing that can block, so one provider's outage leaves the others
 * untouched.
 */
public final class ChannelPipeline implements AutoCloseable {

    /** How a channel pipeline runs, read once from the app's settings. */
    public record Settings(Map<String, Object> clientProperties, String groupPrefix, int inFlightMax, int urgentInFlightMax,
                           int handoffThreads, RetryTiers retryTiers, Duration sendTimeout, DeliveryLoop.Timings timings) {
    }

    private final Channel channel;
    private final InFlightWindow window;
    private final List<DeliveryLoop> loops;
    private final ExecutorService handoff;

    private ChannelPipeline(Channel channel, InFlightWindow window, List<DeliveryLoop> loops, ExecutorService handoff) {
        this.channel = channel;
        this.window = window;
        this.loops = loops;
        this.handoff = handoff;
    }

    /** Builds and starts the channel's loops; {@code deserializers} make readers of the channel's registry-framed Avro. */
    public static <N extends SpecificRecord> ChannelPipeline start(
            NotificationType<N> type, ChannelProvider provider, Supplier<Deserializer<N>> deserializers, OutcomeWriter writer,
            DeliveryLedger ledger, LedgerPartitions ledgerPartitions, DeliveryMetrics metrics, Settings settings, Clock clock) {
        @SuppressWarnings("unchecked")
        ProviderAdapter<N> adapter = (ProviderAdapter<N>) provider.adapter();
        if (adapter.channel() != type.channel()) {
            throw new IllegalArgumentException("adapter " + adapter.name() + " serves " + adapter.channel() + ", not " + type.channel());
        }
        Channel channel = type.channel();
        InFlightWindow window = new InFlightWindow(settings.inFlightMax());
        // Hand-off work never blocks on a provider (adapters that block have their own send threads):
        // it writes outcomes and starts a user's next send, so a few threads keep up with any window.
        ExecutorService handoff = Executors.newFixedThreadPool(settings.handoffThreads(),
                daemonThreads("delivery-" + channel.name().toLowerCase(Locale.ROOT) + "-handoff"));
        OutcomeRouting routing = new OutcomeRouting(settings.retryTiers(), type.isPush());
        // One deserializer per loop: each loop decodes on its own thread.
        Supplier<RecordDelivery<N>> delivery = () -> new RecordDelivery<>(type, adapter, deserializers.get(), ledger,
                routing, writer, metrics, settings.sendTimeout(), handoff, clock);
        String channelGroup = settings.groupPrefix() + "-" + channel.name().toLowerCase(Locale.ROOT);

        List<DeliveryLoop> loops = new ArrayList<>();
        loops.add(loop(Topics.channel(channel), channelGroup, delivery.get(), window, provider, Optional.empty(), ledgerPartitions,
                settings, handoff, clock));
        // The urgent lane has a window of its own: a full channel window never holds it back.
        loops.add(loop(Topics.channelUrgent(channel), channelGroup + "-urgent", delivery.get(),
                new InFlightWindow(settings.urgentInFlightMax()), provider, Optional.empty(), ledgerPartitions, settings, handoff, clock));
        for (RetryTier tier : settings.retryTiers().all()) {
            loops.add(loop(RetryTopics.of(channel, tier), channelGroup + "-retry-" + tier.name(), delivery.get(), window, provider,
                    Optional.of(new DueTimeGate(tier.delay(), clock)), ledgerPartitions, settings, handoff, clock));
        }
        metrics.inFlight(channel, window::inFlight);
        metrics.circuitOpen(channel, adapter.name(), provider.circuit());
        loops.forEach(loop -> metrics.consumerLag(channel, loop.topic(), loop::lag));
        loops.forEach(loop -> metrics.assignedPartitions(channel, loop.topic(), loop::assignedPartitions));
        loops.forEach(DeliveryLoop::start);
        return new ChannelPipeline(channel, window, List.copyOf(loops), handoff);
    }

    private static DeliveryLoop loop(String topic, String group, RecordDeliverer delivery, InFlightWindow window,
                                     ChannelProvider provider, Optional<DueTimeGate> gate, LedgerPartitions ledger, Settings settings,
                                     Executor handoff, Clock clock) {
        Map<String, Object> properties = new HashMap<>(settings.clientProperties());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, group);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // The enricher writes channel topics in transactions: a record of an aborted transaction
        // (an enricher crash mid-commit) must never reach a provider.
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // Cooperative rebalancing revokes only partitions that move, so the others keep sending.
        properties.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
        return new DeliveryLoop(topic, consumer, delivery, window, provider.circuit(), gate, ledger, settings.timings(), handoff, clock);
    }

    public Channel channel() {
        return channel;
    }

    public int inFlight() {
        return window.inFlight();
    }

    /** The channel's loop and its retry tiers' loops. */
    public List<BackgroundLoop> loops() {
        return List.copyOf(loops);
    }

    /** Asks every loop to finish without waiting for them. */
    public void stop() {
        loops.forEach(DeliveryLoop::stop);
    }

    @Override
    public void close() {
        stop();
        loops.forEach(DeliveryLoop::close);
        handoff.shutdown();
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
