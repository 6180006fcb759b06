package io.notify.delivery.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.notify.schemas.Channel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MetricsServerTest {

    @Test
    void shouldServeDeliveryCountersInPrometheusFormat() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        DeliveryMetrics metrics = new DeliveryMetrics(registry);
        metrics.sent(Channel.EMAIL, "sendgrid");
        metrics.retried(Channel.SMS, "twilio");
        metrics.providerLatency(Channel.EMAIL, "sendgrid", Duration.ofMillis(42));

        try (MetricsServer server = MetricsServer.start(registry, 0)) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body())
                    .contains("notify_delivery_sent_total{channel=\"email\",provider=\"sendgrid\"} 1.0")
                    .contains("notify_delivery_retried_total{channel=\"sms\",provider=\"twilio\"} 1.0")
                    .contains("notify_delivery_provider_latency_seconds_bucket");
        }
    }
}
