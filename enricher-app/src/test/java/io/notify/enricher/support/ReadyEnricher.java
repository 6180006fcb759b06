package io.notify.enricher.support;

import io.notify.enricher.EnricherApp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.awaitility.Awaitility;

/**
 * Waits for an enricher started on the real stack to answer {@code GET /health/ready} with 200:
 * the point from which an event meets the contact data already in PostgreSQL, which is what
 * every test on the stack assumes of its first event.
 */
public final class ReadyEnricher {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ReadyEnricher() {
    }

    public static void await(EnricherApp enricher, Duration within) {
        Awaitility.await("enricher on port " + enricher.httpPort() + " ready").atMost(within)
                .pollInterval(Duration.ofMillis(250)).until(() -> isReady(enricher));
    }

    private static boolean isReady(EnricherApp enricher) throws InterruptedException {
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://localhost:" + enricher.httpPort() + "/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        try {
            return HTTP.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notAnswering) {
            return false;
        }
    }
}
