package io.notify.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A provider's HTTP API on 127.0.0.1 and a free port, with the shared control endpoints, fault
 * plan and ledger. Subclasses parse and validate the provider's request, then call
 * {@link #deliver} which plays any planned fault or accepts.
 */
public abstract class HttpSandbox implements AutoCloseable {

    protected static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(HttpSandbox.class);

    /** The request as the subclass sees it. */
    public record Incoming(String method, String path, String query, Headers headers, byte[] body) {
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.getFirst(name);
        }
    }

    /** The answer to write back. */
    public record Answer(int status, Map<String, String> headers, String body) {
        public static Answer json(int status, String body) {
            return new Answer(status, Map.of("Content-Type", "application/json"), body);
        }

        public Answer withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Answer(status, more, body);
        }
    }

    private final String name;
    private final SandboxLedger ledger = new SandboxLedger();
    private final FaultPlan faults = new FaultPlan();
    private HttpServer server;
    private ExecutorService executor;

    protected HttpSandbox(String name) {
        this.name = name;
    }

    /** Binds 127.0.0.1 on a free port and starts answering. */
    public synchronized HttpSandbox start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the " + name + " sandbox", e);
        }
        // Cached threads: a TIMEOUT fault parks a thread, and that must not stall other recipients.
        executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, name + "-sandbox");
            thread.setDaemon(true);
            return thread;
        });
        new SandboxControl(ledger, faults).registerOn(server);
        server.createContext("/", this::serve);
        server.setExecutor(executor);
        server.start();
        LOG.info("{} sandbox listening on {}", name, baseUrl());
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>} */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public FaultPlan faults() {
        return faults;
    }

    public SandboxLedger ledger() {
        return ledger;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            try {
                executor.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server = null;
        }
    }

    /** Routes, authenticates and validates one provider request. */
    protected abstract Answer handle(Incoming request) throws IOException;

    /** A new provider message id. */
    protected abstract String newMessageId();

    /**
     * Plays the planned fault for this recipient, or accepts: records the request and answers
     * with {@code acceptedAnswer} given the new message id.
     */
    protected final Answer deliver(String recipient, String notificationId, JsonNode request,
                                   Function<Fault, Answer> faultAnswer, Function<String, Answer> acceptedAnswer) {
        ledger.recordAttempt(recipient);
        Optional<Fault> fault = faults.next(recipient);
        if (fault.isPresent() && !fault.get().delaysOnly()) {
            return faultAnswer.apply(fault.get());
        }
        fault.ifPresent(delay -> pause(delay.duration()));
        String messageId = newMessageId();
        ledger.recordAccepted(new AcceptedRequest(messageId, recipient, notificationId == null ? "" : notificationId,
                request, Instant.now()));
        return acceptedAnswer.apply(messageId);
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            Incoming request = new Incoming(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(),
                    exchange.getRequestBody().readAllBytes());
            Answer answer;
            try {
                answer = handle(request);
            } catch (JsonProcessingException e) {
                answer = Answer.json(400, "{}");
            } catch (RuntimeException e) {
                LOG.warn("{} sandbox failed on {} {}", name, request.method(), request.path(), e);
                answer = Answer.json(500, "{}");
            }
            write(exchange, answer);
        } catch (IOException e) {
            // The client gave up (timeout fault): nothing left to answer.
            LOG.debug("{} sandbox could not answer", name, e);
        }
    }

    private static void write(HttpExchange exchange, Answer answer) throws IOException {
        answer.headers().forEach((header, value) -> exchange.getResponseHeaders().set(header, value));
        if (answer.body() == null || answer.body().isEmpty()) {
            exchange.sendResponseHeaders(answer.status(), -1);
            return;
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
