package io.notify.enricher.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.notify.enricher.TopologyNames;
import io.notify.runtime.health.Health;
import io.notify.runtime.health.Verdict;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face of the enricher's state: {@code GET /users/{id}}, {@code /users/{id}/notifications},
 * {@code /notifications/{id}} as JSON, {@code /metrics} for Prometheus, and the probes
 * {@code /health/live} and {@code /health/ready} (200 or 503, a JSON body saying why). A key owned
 * by another instance is fetched from it (one hop only); a notification id, which lives on its
 * user's partition, is looked for here and then on each other instance. While ownership is unknown
 * or a store is migrating the answer is 503 with {@code Retry-After}.
 */
public final class QueryServer implements AutoCloseable {

    static final String FORWARDED_HEADER = "X-Notify-Forwarded";
    private static final String RETRY_AFTER_SECONDS = "1";
    private static final Pattern USER = Pattern.compile("^/users/([^/]+)$");
    private static final Pattern USER_NOTIFICATIONS = Pattern.compile("^/users/([^/]+)/notifications$");
    private static final Pattern NOTIFICATION = Pattern.compile("^/notifications/([^/]+)$");
    private static final Logger LOG = LoggerFactory.getLogger(QueryServer.class);

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private NotificationQueries queries;
    private KeyOwners owners;
    private Supplier<String> metrics;
    private Health health;

    private QueryServer(HttpServer server) {
        this.server = server;
    }

    /**
     * Binds the port before Kafka Streams starts: the bound port is what the instance advertises
     * as {@code application.server}, which must be known when the streams client is created.
     */
    public static QueryServer bind(InetSocketAddress address) throws IOException {
        return new QueryServer(HttpServer.create(address, 0));
    }

    public QueryServer start(NotificationQueries queries, KeyOwners owners, Supplier<String> metrics, Health health) {
        this.queries = queries;
        this.owners = owners;
        this.metrics = metrics;
        this.health = health;
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            respond(exchange);
        } catch (InvalidStateStoreException | KeyOwners.OwnerUnknownException e) {
            unavailable(exchange);
        } catch (RuntimeException e) {
            LOG.error("Query failed", e);
            send(exchange, 500, Map.of("error", "internal error"));
        } finally {
            exchange.close();
        }
    }

    private void respond(HttpExchange exchange) throws IOException, KeyOwners.OwnerUnknownException {
        if (!"GET".equals(exchange.getRequestMethod())) {
            send(exchange, 405, Map.of("error", "only GET"));
            return;
        }
        String path = exchange.getRequestURI().getRawPath();
        if ("/metrics".equals(path)) {
            sendText(exchange, 200, metrics.get());
            return;
        }
        if ("/health/live".equals(path)) {
            probe(exchange, health.live());
            return;
        }
        if ("/health/ready".equals(path)) {
            probe(exchange, health.ready());
            return;
        }
        route(exchange, path);
    }

    private void route(HttpExchange exchange, String path) throws IOException, KeyOwners.OwnerUnknownException {
        Matcher matcher;
        if ((matcher = USER_NOTIFICATIONS.matcher(path)).matches()) {
            String userId = decode(matcher.group(1));
            answer(exchange, TopologyNames.USER_NOTIFICATIONS_STORE, userId, () -> queries.notificationsOf(userId));
        } else if ((matcher = USER.matcher(path)).matches()) {
            String userId = decode(matcher.group(1));
            answer(exchange, TopologyNames.USERS_STORE, userId, () -> queries.user(userId));
        } else if ((matcher = NOTIFICATION.matcher(path)).matches()) {
            String notificationId = decode(matcher.group(1));
            answerFromAnyInstance(exchange, TopologyNames.NOTIFICATION_LOG_STORE, () -> queries.notification(notificationId));
        } else {
            send(exchange, 404, Map.of("error", "no such resource"));
        }
    }

    private void answer(HttpExchange exchange, String store, String key, Supplier<Optional<?>> local)
            throws IOException, KeyOwners.OwnerUnknownException {
        boolean forwarded = exchange.getRequestHeaders().containsKey(FORWARDED_HEADER);
        Optional<HostInfo> owner = forwarded ? Optional.empty() : owners.remoteOwner(store, key);
        if (owner.isPresent()) {
            forward(exchange, owner.get());
            return;
        }
        Optional<?> found = local.get();
        if (found.isPresent()) {
            send(exchange, 200, found.get());
        } else {
            send(exchange, 404, Map.of("error", "unknown key"));
        }
    }

    /**
     * For a key whose owner cannot be computed from the key: this instance's stores first, then
     * each other instance's (one hop each). 404 only when every instance answered that it does
     * not know the key.
     */
    private void answerFromAnyInstance(HttpExchange exchange, String store, Supplier<Optional<?>> local)
            throws IOException, KeyOwners.OwnerUnknownException {
        Optional<?> found = local.get();
        if (found.isPresent()) {
            send(exchange, 200, found.get());
            return;
        }
        if (exchange.getRequestHeaders().containsKey(FORWARDED_HEADER)) {
            send(exchange, 404, Map.of("error", "unknown key"));
            return;
        }
        boolean someUnavailable = false;
        for (HostInfo other : owners.otherInstances(store)) {
            Optional<HttpResponse<byte[]>> response = ask(exchange, other);
            if (response.isPresent() && response.get().statusCode() == 200) {
                relay(exchange, response.get());
                return;
            }
            someUnavailable |= response.isEmpty() || response.get().statusCode() != 404;
        }
        if (someUnavailable) {
            unavailable(exchange);
        } else {
            send(exchange, 404, Map.of("error", "unknown key"));
        }
    }

    private void forward(HttpExchange exchange, HostInfo owner) throws IOException {
        Optional<HttpResponse<byte[]>> response = ask(exchange, owner);
        if (response.isPresent()) {
            relay(exchange, response.get());
        } else {
            unavailable(exchange);
        }
    }

    /** The other instance's answer to this request; empty when it did not answer. */
    private Optional<HttpResponse<byte[]>> ask(HttpExchange exchange, HostInfo owner) {
        URI target = URI.create("http://" + owner.host() + ":" + owner.port() + exchange.getRequestURI().getRawPath());
        HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(5))
                .header(FORWARDED_HEADER, "1").GET().build();
        try {
            return Optional.of(client.send(request, HttpResponse.BodyHandlers.ofByteArray()));
        } catch (IOException e) {
            LOG.warn("Instance {}:{} did not answer a forwarded query: {}", owner.host(), owner.port(), e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static void relay(HttpExchange exchange, HttpResponse<byte[]> response) throws IOException {
        response.headers().firstValue("Retry-After").ifPresent(v -> exchange.getResponseHeaders().set("Retry-After", v));
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        write(exchange, response.statusCode(), response.body());
    }

    private void probe(HttpExchange exchange, Verdict verdict) throws IOException {
        send(exchange, verdict.passed() ? 200 : 503, verdict.body());
    }

    private void unavailable(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Retry-After", RETRY_AFTER_SECONDS);
        send(exchange, 503, Map.of("error", "state is being rebalanced, retry shortly"));
    }

    private void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        write(exchange, status, bytes);
    }

    private static void sendText(HttpExchange exchange, int status, String body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        write(exchange, status, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void write(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
