package io.notify.delivery.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.notify.delivery.metrics.DeliveryMetrics;
import io.notify.schemas.Channel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ManagementServerTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @Test
    void shouldServeDeliveryCountersInPrometheusFormat() throws Exception {
        DeliveryMetrics metrics = new DeliveryMetrics(registry);
        metrics.sent(Channel.EMAIL, "sendgrid");
        metrics.retried(Channel.SMS, "twilio");
        metrics.providerLatency(Channel.EMAIL, "sendgrid", Duration.ofMillis(42));

        try (ManagementServer server = ManagementServer.start(registry, new DeliveryHealth(List::of, () -> true), 0)) {
            HttpResponse<String> response = get(server, "/metrics");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body())
                    .contains("notify_delivery_sent_total{channel=\"email\",provider=\"sendgrid\"} 1.0")
                    .contains("notify_delivery_retried_total{channel=\"sms\",provider=\"twilio\"} 1.0")
                    .contains("notify_delivery_provider_latency_seconds_bucket");
        }
    }

    @Test
    void shouldAnswerTheProbesWithEveryLoopAndItsState() throws Exception {
        AtomicReference<LoopState> email = new AtomicReference<>(LoopState.STARTING);
        BackgroundLoop emailLoop = loop("notify.email", email);
        BackgroundLoop ledger = loop("ledger notify.delivery.ledger", new AtomicReference<>(LoopState.RUNNING));

        try (ManagementServer server = ManagementServer.start(registry, new DeliveryHealth(() -> List.of(ledger, emailLoop), () -> true), 0)) {
            assertThat(get(server, "/health/live").statusCode()).isEqualTo(200);
            HttpResponse<String> starting = get(server, "/health/ready");
            assertThat(starting.statusCode()).isEqualTo(503);
            assertThat(starting.body()).contains("\"status\":\"DOWN\"").contains("\"notify.email\":\"STARTING\"");

            email.set(LoopState.RUNNING);
            assertThat(get(server, "/health/ready").statusCode()).isEqualTo(200);

            email.set(LoopState.DEAD);
            HttpResponse<String> dead = get(server, "/health/live");
            assertThat(dead.statusCode()).isEqualTo(503);
            assertThat(dead.body()).contains("\"notify.email\":\"DEAD\"").contains("\"ledger notify.delivery.ledger\":\"RUNNING\"");
            assertThat(get(server, "/health/ready").statusCode()).isEqualTo(503);
        }
    }

    @Test
    void shouldNotBeReadyBeforeEveryLoopWasStarted() throws Exception {
        BackgroundLoop ledger = loop("ledger notify.delivery.ledger", new AtomicReference<>(LoopState.RUNNING));

        try (ManagementServer server = ManagementServer.start(registry, new DeliveryHealth(() -> List.of(ledger), () -> false), 0)) {
            assertThat(get(server, "/health/live").statusCode()).isEqualTo(200);
            HttpResponse<String> ready = get(server, "/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("\"startedAll\":false");
        }
    }

    @Test
    void shouldAnswerOnlyTheExactPaths() throws Exception {
        try (ManagementServer server = ManagementServer.start(registry, new DeliveryHealth(List::of, () -> true), 0)) {
            assertThat(get(server, "/health/readyz").statusCode()).isEqualTo(404);
            assertThat(get(server, "/metrics/x").statusCode()).isEqualTo(404);
            assertThat(get(server, "/health/ready").statusCode()).isEqualTo(200);
        }
    }

    private static BackgroundLoop loop(String name, AtomicReference<LoopState> state) {
        return new BackgroundLoop() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public LoopState state() {
                return state.get();
            }
        };
    }

    private static HttpResponse<String> get(ManagementServer server, String path) throws Exception {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
