package io.notify.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The sandbox's own control endpoints, beside the provider API:
 * {@code GET /accepted[?recipient=]} lists accepted requests as JSON;
 * {@code POST /faults} with {@code {"kind":"UNAVAILABLE","recipient":"..","times":2,"durationMs":1000}}
 * or {@code {"kind":"INTERNAL_ERROR","rate":0.1}} adds a fault rule; {@code DELETE /faults} clears them.
 */
public final class SandboxControl {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SandboxLedger ledger;
    private final FaultPlan faults;

    public SandboxControl(SandboxLedger ledger, FaultPlan faults) {
        this.ledger = ledger;
        this.faults = faults;
    }

    public void registerOn(HttpServer server) {
        server.createContext("/accepted", this::serveAccepted);
        server.createContext("/faults", this::serveFaults);
    }

    private void serveAccepted(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, "{}");
                return;
            }
            String recipient = queryParameter(exchange, "recipient");
            ArrayNode list = JSON.createArrayNode();
            (recipient == null ? ledger.accepted() : ledger.acceptedFor(recipient)).forEach(accepted -> {
                ObjectNode item = list.addObject();
                item.put("messageId", accepted.messageId());
                item.put("recipient", accepted.recipient());
                item.put("notificationId", accepted.notificationId());
                item.put("acceptedAt", accepted.acceptedAt().toString());
                item.set("request", accepted.request());
            });
            respond(exchange, 200, JSON.writeValueAsString(list));
        }
    }

    private void serveFaults(HttpExchange exchange) throws IOException {
        try (exchange) {
            switch (exchange.getRequestMethod()) {
                case "DELETE" -> {
                    faults.clear();
                    respond(exchange, 204, null);
                }
                case "POST" -> respond(exchange, addRule(JSON.readTree(exchange.getRequestBody())), "{}");
                default -> respond(exchange, 405, "{}");
            }
        }
    }

    private int addRule(JsonNode rule) {
        Fault.Kind kind;
        try {
            kind = Fault.Kind.valueOf(rule.path("kind").asText());
        } catch (IllegalArgumentException e) {
            return 400;
        }
        Fault fault = new Fault(kind, Duration.ofMillis(rule.path("durationMs").asLong(0)));
        if (rule.hasNonNull("recipient")) {
            String recipient = rule.get("recipient").asText();
            if (rule.hasNonNull("times")) {
                faults.forRecipient(recipient, fault, rule.get("times").asInt());
            } else {
                faults.forRecipient(recipient, fault);
            }
            return 201;
        }
        if (rule.hasNonNull("rate")) {
            faults.atRate(rule.get("rate").asDouble(), fault);
            return 201;
        }
        return 400;
    }

    private static String queryParameter(HttpExchange exchange, String name) {
        return HttpForms.parse(exchange.getRequestURI().getRawQuery()).get(name);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
