package io.notify.enricher.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.notify.runtime.health.Health;
import io.notify.runtime.health.Verdict;
import io.notify.enricher.support.Channels;
import io.notify.enricher.support.DriverStores;
import io.notify.enricher.support.EnricherHarness;
import io.notify.schemas.Channel;
import io.notify.schemas.DeliveryState;
import io.notify.schemas.NotificationStatus;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QueryServerTest {

    private static final KeyOwners LOCAL = (store, key) -> Optional.empty();
    private static final Clock CLOCK = Clock.fixed(EnricherHarness.START.plusSeconds(60), ZoneOffset.UTC);

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final SettableHealth health = new SettableHealth();
    private EnricherHarness enricher;
    private QueryServer server;

    @BeforeEach
    void start() throws IOException {
        enricher = EnricherHarness.start();
        enricher.user("u-1", "ada@example.com", "+41446681800", "en");
        enricher.device(1, "u-1", "ios", "token-1");
        enricher.setting(1, "u-1", "sms", "marketing", false);
        server = serve(enricher, LOCAL);
    }

    @AfterEach
    void stop() {
        server.close();
        enricher.close();
    }

    @Test
    void shouldAnswerAUserWithDevicesAndSettingsAsJson() throws Exception {
        HttpResponse<String> response = get(server, "/users/u-1");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(response.body());
        assertThat(body.at("/user/id").asText()).isEqualTo("u-1");
        assertThat(body.at("/devices/0/deviceToken").asText()).isEqualTo("token-1");
        assertThat(body.at("/settings/0/optIn").asBoolean()).isFalse();
    }

    @Test
    void shouldAnswer404ForAnUnknownKey() throws Exception {
        assertThat(get(server, "/users/u-404").statusCode()).isEqualTo(404);
        assertThat(get(server, "/notifications/n-404").statusCode()).isEqualTo(404);
        assertThat(get(server, "/nothing-here").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldAnswer503WithRetryAfterWhileNoInstanceOwnsTheKey() throws Exception {
        try (QueryServer rebalancing = serve(enricher, (store, key) -> {
            throw new KeyOwners.OwnerUnknownException(store);
        })) {
            HttpResponse<String> response = get(rebalancing, "/users/u-1");

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).contains("1");
        }
    }

    @Test
    void shouldForwardToTheInstanceThatOwnsTheKey() throws Exception {
        try (EnricherHarness empty = EnricherHarness.start();
             QueryServer other = serve(empty, (store, key) -> Optional.of(new HostInfo("localhost", server.port())))) {
            HttpResponse<String> response = get(other, "/users/u-1");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json.readTree(response.body()).at("/user/id").asText()).isEqualTo("u-1");
        }
    }

    @Test
    void shouldAnswerTheStatusHistoryOfANotificationAndTheUsersRecentNotifications() throws Exception {
        Channels.orderShippedTemplates(enricher, 1, "en", "shipping");
        enricher.ship("e-1", "u-1");
        String pushId = enricher.ios.readValue().getMeta().getNotificationId();
        enricher.statusIn.pipeInput(pushId, NotificationStatus.newBuilder().setNotificationId(pushId).setUserId("u-1")
                .setChannel(Channel.IOS).setState(DeliveryState.DELIVERED).setOccurredAt(EnricherHarness.START.plusSeconds(5)).build());

        JsonNode history = json.readTree(get(server, "/notifications/" + pushId).body());
        assertThat(history.at("/statuses/0/state").asText()).isEqualTo("ROUTED");
        assertThat(history.at("/statuses/1/state").asText()).isEqualTo("DELIVERED");
        JsonNode recent = json.readTree(get(server, "/users/u-1/notifications").body());
        assertThat(recent).as("ios, sms and email routed, android suppressed no_address").hasSize(4);
        assertThat(recent.get(0).get("notificationId").asText()).isEqualTo(pushId);
    }

    @Test
    void shouldFindANotificationHeldByAnotherInstanceAndAnswer404OnlyWhenNoInstanceKnowsIt() throws Exception {
        Channels.orderShippedTemplates(enricher, 1, "en", "shipping");
        enricher.ship("e-1", "u-1");
        String pushId = enricher.ios.readValue().getMeta().getNotificationId();
        HostInfo holder = new HostInfo("localhost", server.port());
        try (EnricherHarness empty = EnricherHarness.start();
             QueryServer other = serve(empty, new KeyOwners() {
                 @Override
                 public Optional<HostInfo> remoteOwner(String store, String key) {
                     return Optional.empty();
                 }

                 @Override
                 public List<HostInfo> otherInstances(String store) {
                     return List.of(holder);
                 }
             })) {
            HttpResponse<String> found = get(other, "/notifications/" + pushId);

            assertThat(found.statusCode()).isEqualTo(200);
            assertThat(json.readTree(found.body()).at("/statuses/0/state").asText()).isEqualTo("ROUTED");
            assertThat(get(other, "/notifications/n-404").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void shouldExposePrometheusMetrics() throws Exception {
        prometheus.counter("notify.enricher.events.in", "source", "events").increment();

        HttpResponse<String> response = get(server, "/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("notify_enricher_events_in_total{source=\"events\"} 1.0");
    }

    @Test
    void shouldAnswerTheProbesWith200WhenTheyPassAnd503WithTheReasonWhenNot() throws Exception {
        health.live = Verdict.pass(Map.of("state", "RUNNING"));
        health.ready = Verdict.fail(Map.of("state", "RUNNING", "lagging", Map.of("userdb.public.users-0", 3)));

        assertThat(get(server, "/health/live").statusCode()).isEqualTo(200);
        HttpResponse<String> notReady = get(server, "/health/ready");
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(json.readTree(notReady.body()).at("/status").asText()).isEqualTo("DOWN");
        assertThat(json.readTree(notReady.body()).at("/lagging/userdb.public.users-0").asLong()).isEqualTo(3);

        health.live = Verdict.fail(Map.of("state", "ERROR"));
        health.ready = Verdict.pass(Map.of("state", "RUNNING"));

        assertThat(get(server, "/health/live").statusCode()).isEqualTo(503);
        HttpResponse<String> ready = get(server, "/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json.readTree(ready.body()).at("/status").asText()).isEqualTo("UP");
    }

    private QueryServer serve(EnricherHarness harness, KeyOwners owners) throws IOException {
        NotificationQueries queries = new NotificationQueries(new DriverStores(harness.driver), CLOCK, Duration.ofDays(7), 50);
        return QueryServer.bind(new InetSocketAddress("localhost", 0)).start(queries, owners, prometheus::scrape, health);
    }

    /** Probe answers the test sets, read on each request. */
    private static final class SettableHealth implements Health {
        private volatile Verdict live = Verdict.pass(Map.of());
        private volatile Verdict ready = Verdict.pass(Map.of());

        @Override
        public Verdict live() {
            return live;
        }

        @Override
        public Verdict ready() {
            return ready;
        }
    }

    private HttpResponse<String> get(QueryServer target, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + target.port() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
