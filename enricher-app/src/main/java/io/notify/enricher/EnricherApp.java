package io.notify.enricher;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.notify.enricher.health.StreamsHealth;
import io.notify.enricher.metrics.EnricherMetrics;
import io.notify.enricher.query.KafkaStreamsStores;
import io.notify.enricher.query.NotificationQueries;
import io.notify.enricher.query.QueryServer;
import io.notify.enricher.query.StreamsKeyOwners;
import io.notify.enricher.serde.RegistrySerdes;
import io.notify.runtime.config.ConfigSource;
import io.notify.runtime.config.KafkaSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running enricher instance: the Streams topology, its HTTP query and metrics endpoint. Starts
 * from a {@link ConfigSource}, so tests and launchers start it in-process and close it.
 */
public final class EnricherApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EnricherApp.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaStreams streams;
    private final QueryServer queryServer;
    private final PrometheusMeterRegistry registry;
    private final KafkaStreamsMetrics streamsMetrics;
    private final StreamsHealth health;

    private EnricherApp(KafkaStreams streams, QueryServer queryServer, PrometheusMeterRegistry registry,
                        KafkaStreamsMetrics streamsMetrics, StreamsHealth health) {
        this.streams = streams;
        this.queryServer = queryServer;
        this.registry = registry;
        this.streamsMetrics = streamsMetrics;
        this.health = health;
    }

    public static EnricherApp start(ConfigSource config) {
        EnricherSettings settings = EnricherSettings.from(config);
        KafkaSettings kafka = KafkaSettings.from(config);
        QueryServer queryServer = bind(settings);
        // Port 0 (tests, several instances on one host) is resolved before it is advertised.
        HostInfo self = new HostInfo(settings.httpHost(), queryServer.port());

        Properties props = EnricherStreamsConfig.application(settings, kafka);
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        StreamsBuilder builder = new StreamsBuilder();
        KafkaStreams streams = new KafkaStreams(
                EnricherTopology.build(builder, settings, new RegistrySerdes(kafka.registryUrl()), new EnricherMetrics(registry), props),
                props);
        // An unexpected error (a fenced producer, a broker hiccup) costs a thread restart, not the app.
        streams.setUncaughtExceptionHandler(error -> {
            LOG.error("Stream thread died; replacing it", error);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);

        NotificationQueries queries = new NotificationQueries(new KafkaStreamsStores(streams), Clock.systemUTC(),
                settings.notificationLogRetention(), settings.recentPerUser());
        StreamsHealth health = StreamsHealth.watch(streams, settings.applicationId(), kafka.clientProperties());
        EnricherApp app = new EnricherApp(streams, queryServer, registry, streamsMetrics, health);
        queryServer.start(queries, new StreamsKeyOwners(streams, self), registry::scrape, health);
        try {
            // Blocks while the templates global store bootstraps; queries and /health/ready answer 503 meanwhile.
            streams.start();
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        LOG.info("Enricher {} started; queries on {}:{}", settings.applicationId(), self.host(), self.port());
        return app;
    }

    private static QueryServer bind(EnricherSettings settings) {
        try {
            return QueryServer.bind(new InetSocketAddress(settings.httpPort()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the query port " + settings.httpPort(), e);
        }
    }

    public KafkaStreams streams() {
        return streams;
    }

    public int httpPort() {
        return queryServer.port();
    }

    @Override
    public void close() {
        queryServer.close();
        streams.close(CLOSE_TIMEOUT);
        health.close();
        streamsMetrics.close();
        registry.close();
    }

    public static void main(String[] args) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        EnricherApp app = start(ConfigSource.fromEnvironment());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "enricher-shutdown"));
        stopped.await();
    }
}
