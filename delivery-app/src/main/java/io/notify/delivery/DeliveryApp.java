package io.notify.delivery;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.notify.contract.Topics;
import io.notify.delivery.deadletter.DeadLetterCommand;
import io.notify.delivery.feedback.DeviceFeedbackSink;
import io.notify.delivery.feedback.DeviceTokenStore;
import io.notify.delivery.health.BackgroundLoop;
import io.notify.delivery.health.DeliveryHealth;
import io.notify.delivery.health.ManagementServer;
import io.notify.delivery.ledger.KafkaDeliveryLedger;
import io.notify.delivery.metrics.DeliveryMetrics;
import io.notify.delivery.pipeline.ChannelPipeline;
import io.notify.delivery.pipeline.ChannelProvider;
import io.notify.delivery.pipeline.DeliveryLoop;
import io.notify.delivery.pipeline.DeliveryTopics;
import io.notify.delivery.pipeline.NotificationType;
import io.notify.delivery.pipeline.OutcomeWriter;
import io.notify.delivery.pipeline.StatusRecords;
import io.notify.delivery.provider.ConfiguredProviders;
import io.notify.delivery.provider.tracking.TrackingServer;
import io.notify.delivery.provider.tracking.TrackingSettings;
import io.notify.runtime.config.ConfigSource;
import io.notify.runtime.health.Health;
import io.notify.runtime.health.Verdict;
import io.notify.runtime.serde.AvroSerdes;
import io.notify.runtime.serde.ContractClasses;
import io.notify.schemas.Channel;
import io.notify.schemas.DeviceTokenInvalidated;
import io.notify.schemas.NotificationStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery app's Kafka side: one {@link ChannelPipeline} per channel that has a provider,
 * the delivery ledger, the device-feedback sink and the metrics endpoint. It owns the providers
 * it is given and closes them last, after every in-flight send finished or was abandoned.
 */
public final class DeliveryApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryApp.class);

    private static final Duration WEBHOOK_WRITE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration LIVENESS_CHECK_INTERVAL = Duration.ofSeconds(1);
    /** What is unsent after it was lost anyway: its records are not finished, so they are redone after the restart. */
    private static final Duration PRODUCER_CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** The exit status of a process that stopped itself because a loop died. */
    public static final int NOT_LIVE_EXIT_STATUS = 3;

    private final DeliverySettings settings;
    private final Map<Channel, ChannelProvider> providers;
    private final Optional<TrackingSettings> trackingSettings;
    private Optional<TrackingServer> trackingServer = Optional.empty();
    private final PrometheusMeterRegistry meterRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // Read by probes while start-up adds to them.
    private final List<ChannelPipeline> pipelines = new CopyOnWriteArrayList<>();
    private volatile KafkaDeliveryLedger ledger;
    private KafkaProducer<String, byte[]> producer;
    private volatile Optional<DeviceFeedbackSink> feedbackSink = Optional.empty();
    private volatile boolean started;
    private Optional<ManagementServer> managementServer = Optional.empty();
    private final Health health = new DeliveryHealth(this::loops, () -> started);

    private DeliveryApp(DeliverySettings settings, Optional<TrackingSettings> tracking, Map<Channel, ChannelProvider> providers) {
        this.settings = settings;
        this.trackingSettings = tracking;
        this.providers = Map.copyOf(providers);
    }

    /** Starts consuming every configured channel that has a provider in {@code providers}. */
    public static DeliveryApp start(ConfigSource config, Map<Channel, ChannelProvider> providers) {
        ContractClasses.trust();
        // The webhook receivers run where providers can reach them: only when a port is given.
        Optional<TrackingSettings> tracking = config.find("tracking.port").map(port -> TrackingSettings.from(config));
        DeliveryApp app = new DeliveryApp(DeliverySettings.from(config), tracking, providers);
        try {
            app.startAll();
            return app;
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
    }

    private void startAll() {
        List<Channel> channels = settings.channels().stream().filter(providers::containsKey).toList();
        Map<String, Object> client = settings.kafka().clientProperties();
        try (Admin admin = Admin.create(client)) {
            DeliveryTopics.ensure(admin, channels, settings.retryTiers().all(), settings.ledgerTopic(), settings.ledgerRetention());
        }
        producer = new KafkaProducer<>(producerProperties(client), new StringSerializer(), new ByteArraySerializer());
        ledger = KafkaDeliveryLedger.open(settings.ledgerTopic(), settings.ledgerRetention(), settings.stateDirectory(), producer, client,
                Clock.systemUTC());
        AvroSerdes serdes = new AvroSerdes(settings.kafka().registryUrl());
        DeliveryMetrics metrics = new DeliveryMetrics(meterRegistry);
        metrics.ledgerPartitions(ledger::heldPartitions);
        if (settings.metricsPort() >= 0) {
            managementServer = Optional.of(ManagementServer.start(meterRegistry, health, settings.metricsPort()));
        }
        OutcomeWriter writer = new OutcomeWriter(producer, serdes.specific(NotificationStatus.class).serializer(),
                serdes.specific(DeviceTokenInvalidated.class).serializer(), ledger, Clock.systemUTC());
        ChannelPipeline.Settings pipelineSettings = new ChannelPipeline.Settings(client, settings.groupPrefix(),
                settings.inFlightMax(), settings.urgentInFlightMax(), settings.handoffThreads(), settings.retryTiers(), settings.sendTimeout(),
                new DeliveryLoop.Timings(settings.pollTimeout(), settings.commitInterval(), settings.drainTimeout()));
        for (Channel channel : channels) {
            pipelines.add(startChannel(NotificationType.of(channel), serdes, writer, metrics, pipelineSettings));
        }
        startFeedbackSink(client, serdes);
        startTracking(serdes);
        started = true;
        LOG.info("Delivery started for channels {}", channels);
    }

    private <N extends SpecificRecord> ChannelPipeline startChannel(NotificationType<N> type, AvroSerdes serdes, OutcomeWriter writer,
                                                                     DeliveryMetrics metrics, ChannelPipeline.Settings pipelineSettings) {
        return ChannelPipeline.start(type, providers.get(type.channel()), () -> serdes.specific(type.recordClass()).deserializer(),
                writer, ledger, ledger, metrics, pipelineSettings, Clock.systemUTC());
    }

    private void startFeedbackSink(Map<String, Object> client, AvroSerdes serdes) {
        if (!settings.feedbackEnabled()) {
            return;
        }
        if (settings.userDb().isEmpty()) {
            LOG.warn("Device feedback sink not started: userdb.jdbc.url is not set");
            return;
        }
        DeliverySettings.UserDb db = settings.userDb().get();
        DeviceFeedbackSink sink = new DeviceFeedbackSink(client, settings.groupPrefix() + "-device-feedback",
                serdes.specific(DeviceTokenInvalidated.class).deserializer(),
                new DeviceTokenStore(db.jdbcUrl(), db.user(), db.password()), producer);
        sink.start();
        feedbackSink = Optional.of(sink);
    }

    /**
     * Provider callbacks (delivered, opened, bounced...) become statuses on notify.status. The
     * webhook is answered only once Kafka has the status, so a lost write makes the provider
     * call again rather than losing the event.
     */
    private void startTracking(AvroSerdes serdes) {
        StatusRecords statuses = new StatusRecords(producer, serdes.specific(NotificationStatus.class).serializer());
        trackingSettings.ifPresent(tracking -> trackingServer = Optional.of(TrackingServer.start(tracking, status -> {
            try {
                producer.send(statuses.of(status)).get(WEBHOOK_WRITE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while recording a provider callback", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("could not record a provider callback on " + Topics.STATUS, e);
            }
        })));
    }

    private static Map<String, Object> producerProperties(Map<String, Object> client) {
        Map<String, Object> properties = new HashMap<>(client);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "delivery-outcomes");
        return properties;
    }

    public PrometheusMeterRegistry meterRegistry() {
        return meterRegistry;
    }

    /** The port GET /metrics and the probes listen on, if they are served. */
    public Optional<Integer> metricsPort() {
        return managementServer.map(ManagementServer::port);
    }

    public Health health() {
        return health;
    }

    /** Every loop started so far: the ledger's reader, each channel's and retry tier's consumer, the feedback sink. */
    private List<BackgroundLoop> loops() {
        List<BackgroundLoop> loops = new ArrayList<>();
        if (ledger != null) {
            loops.add(ledger);
        }
        pipelines.forEach(pipeline -> loops.addAll(pipeline.loops()));
        feedbackSink.ifPresent(loops::add);
        return loops;
    }

    /** The port the provider webhooks listen on, if they run. */
    public Optional<Integer> trackingPort() {
        return trackingServer.map(TrackingServer::port);
    }

    @Override
    public void close() {
        trackingServer.ifPresent(TrackingServer::close);
        // Every loop is asked first, so that they drain, commit and leave their groups at once rather than in turn.
        pipelines.forEach(ChannelPipeline::stop);
        feedbackSink.ifPresent(DeviceFeedbackSink::stop);
        pipelines.forEach(ChannelPipeline::close);
        feedbackSink.ifPresent(DeviceFeedbackSink::close);
        if (producer != null) {
            producer.close(PRODUCER_CLOSE_TIMEOUT);
        }
        if (ledger != null) {
            ledger.close();
        }
        managementServer.ifPresent(ManagementServer::close);
        providers.values().forEach(provider -> closeQuietly(provider));
        meterRegistry.close();
    }

    private static void closeQuietly(ChannelProvider provider) {
        try {
            provider.adapter().close();
        } catch (Exception e) {
            LOG.warn("Provider {} did not close cleanly: {}", provider.adapter().name(), e.toString());
        }
    }

    /** {@code dlq list|replay --topic T [--reason R]}, or no argument to run the app until stopped. */
    public static void main(String[] args) throws InterruptedException {
        ConfigSource config = ConfigSource.fromEnvironment();
        if (args.length > 0 && args[0].equals("dlq")) {
            System.exit(DeadLetterCommand.run(config, Arrays.copyOfRange(args, 1, args.length)));
        }
        Map<Channel, ChannelProvider> providers = ChannelProvider.allOf(ConfiguredProviders.fromConfig(config));
        if (providers.isEmpty()) {
            LOG.error("No provider is configured (apns.key.id, fcm.project.id, twilio.account.sid, sendgrid.api.key): nothing to deliver");
            System.exit(2);
        }
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> LOG.error("Thread {} ended with an error", thread.getName(), error));
        DeliveryApp app = start(config, providers);
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            app.close();
            stopped.countDown();
        }, "delivery-shutdown"));
        exitWhenNotLive(app.health(), stopping, stopped);
    }

    /**
     * A dead loop never comes back and the rest of the process would look busy while its channel
     * (or its ledger, or the device feedback) does nothing: exit non-zero so that whatever
     * supervises the process (compose, systemd, Kubernetes) starts a new one.
     */
    private static void exitWhenNotLive(Health health, AtomicBoolean stopping, CountDownLatch stopped) throws InterruptedException {
        while (!stopped.await(LIVENESS_CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
            Verdict live = health.live();
            if (!live.passed() && !stopping.get()) {
                LOG.error("Not live, exiting with status {} so that the process is restarted: {}", NOT_LIVE_EXIT_STATUS, live.body());
                System.exit(NOT_LIVE_EXIT_STATUS);
            }
        }
    }
}
