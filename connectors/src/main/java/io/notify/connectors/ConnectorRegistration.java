package io.notify.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Registers a connector with a Connect cluster's REST API and reports whether it runs. */
public final class ConnectorRegistration {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String connectUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ConnectorRegistration(String connectUrl) {
        this.connectUrl = connectUrl;
    }

    /** Creates or updates the connector named by the config's {@code name}. */
    public void put(Map<String, String> connector) throws IOException, InterruptedException {
        String name = connector.get("name");
        Map<String, String> config = new HashMap<>(connector);
        config.remove("name");
        HttpRequest put = HttpRequest.newBuilder(URI.create(connectUrl + "/connectors/" + name + "/config"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(config)))
                .build();
        HttpResponse<String> response = http.send(put, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException("Connect at " + connectUrl + " refused connector " + name + ": " + response.body());
        }
    }

    /**
     * True once the connector and its first task run; an exception when a task failed, with
     * the first line of Connect's trace, so the caller need not go looking in the worker's log.
     */
    public boolean isRunning(String name) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(connectUrl + "/connectors/" + name + "/status"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            return false;
        }
        JsonNode status = JSON.readTree(response.body());
        JsonNode tasks = status.path("tasks");
        for (JsonNode task : tasks) {
            if ("FAILED".equals(task.path("state").asText())) {
                throw new ConnectorFailedException(name, task.path("trace").asText().lines().findFirst().orElse("no trace"));
            }
        }
        return "RUNNING".equals(status.path("connector").path("state").asText())
                && !tasks.isEmpty()
                && "RUNNING".equals(tasks.get(0).path("state").asText());
    }

    /** A task of the connector failed. */
    public static final class ConnectorFailedException extends IllegalStateException {
        public ConnectorFailedException(String name, String trace) {
            super("connector " + name + " failed: " + trace);
        }
    }
}
