package io.notify.delivery.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.notify.runtime.health.Health;
import io.notify.runtime.health.Verdict;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * What operators and orchestrators ask the delivery app: {@code GET /metrics} in the Prometheus
 * text format, and the probes {@code /health/live} and {@code /health/ready} (200 or 503, a JSON
 * body naming every background loop and its state).
 */
public final class ManagementServer implements AutoCloseable {

    private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;

    private ManagementServer(HttpServer server) {
        this.server = server;
    }

    /** Port 0 picks a free port; see {@link #port()}. */
    public static ManagementServer start(PrometheusMeterRegistry registry, Health health, int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
            server.createContext("/metrics", exchange -> answer(exchange, 200, PROMETHEUS,
                    () -> registry.scrape().getBytes(StandardCharsets.UTF_8)));
            server.createContext("/health/live", exchange -> probe(exchange, health.live()));
            server.createContext("/health/ready", exchange -> probe(exchange, health.ready()));
            server.start();
            return new ManagementServer(server);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serve metrics and probes on port " + port, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void probe(HttpExchange exchange, Verdict verdict) throws IOException {
        answer(exchange, verdict.passed() ? 200 : 503, "application/json", () -> {
            try {
                return JSON.writeValueAsBytes(verdict.body());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void answer(HttpExchange exchange, int status, String contentType, Supplier<byte[]> body) throws IOException {
        try (exchange) {
            // A context answers every path it prefixes; a probe that answers /health/readyz would mislead whoever typed it.
            if (!exchange.getRequestURI().getPath().equals(exchange.getHttpContext().getPath())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.get();
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
