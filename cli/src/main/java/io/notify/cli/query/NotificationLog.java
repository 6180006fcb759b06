package io.notify.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The enricher's query API, as any instance serves it: it forwards to the owner of the key. */
final class NotificationLog {

    private final String queryUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    NotificationLog(String queryUrl) {
        this.queryUrl = queryUrl;
    }

    /** The JSON at {@code path}, empty for 404; 503 (rebalancing) and the rest are errors with a sentence. */
    Optional<JsonNode> get(String path) {
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(queryUrl + path)).timeout(Duration.ofSeconds(15)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the enricher's query API at " + queryUrl
                    + " (is the platform up? or pass --query-url)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return switch (response.statusCode()) {
            case 200 -> Optional.of(parse(response.body()));
            case 404 -> Optional.empty();
            case 503 -> throw new IllegalStateException("the enricher is rebalancing; try again in "
                    + response.headers().firstValue("Retry-After").orElse("a few") + " s");
            default -> throw new IllegalStateException("the query API answered " + response.statusCode() + ": " + response.body());
        };
    }

    static String line(JsonNode status) {
        StringBuilder line = new StringBuilder(String.format("%s  %-10s %-8s %-36s", Instant.ofEpochMilli(status.path("occurredAt").asLong()),
                status.path("state").asText(), status.path("channel").asText(), status.path("notificationId").asText()));
        for (String field : new String[] {"reason", "provider"}) {
            if (status.hasNonNull(field)) {
                line.append("  ").append(field).append('=').append(status.path(field).asText());
            }
        }
        if (status.path("attempt").asInt() > 0) {
            line.append("  attempt=").append(status.path("attempt").asInt());
        }
        if (status.hasNonNull("dueAt")) {
            line.append("  due=").append(Instant.ofEpochMilli(status.path("dueAt").asLong()));
        }
        return line.toString();
    }

    private static JsonNode parse(String body) {
        try {
            return new ObjectMapper().readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("the query API answered something that is not JSON");
        }
    }
}
