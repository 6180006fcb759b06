package io.notify.cli.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notify.stack.process.JavaCommand;
import io.notify.stack.process.Ports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walkthrough a platform engineer follows, as CI runs it: `up --detach` comes back ready (how
 * long it took is printed, not asserted: speed is the benchmarks' business, and a budget tuned on
 * one machine fails on a slower one);
 * `send` of a domain event for a seeded user is routed and sent on every channel the user has,
 * the sandboxes hold exactly those messages and the feed shows it; `down` leaves nothing behind.
 */
class LauncherIT {


    @TempDir
    Path workingDirectory;

    /** A failed assertion must not leave a platform running on the CI machine. */
    @AfterEach
    void stopWhateverIsLeft() throws Exception {
        launcher("down");
    }

    @Test
    void shouldDeliverAnEventOnEveryChannelOfTheUserAndLeaveNothingAfterDown() throws Exception {
        Path endpointsFile = workingDirectory.resolve(".notify/endpoints.json");
        Instant begin = Instant.now();

        assertThat(launcher("up", "--detach", "--free-ports")).isZero();
        System.out.printf("up --detach was ready after %.1f s%n", Duration.between(begin, Instant.now()).toMillis() / 1000.0);
        JsonNode endpoints = new ObjectMapper().readTree(endpointsFile.toFile());
        long upPid = endpoints.path("pid").asLong();
        List<ProcessHandle> servers = ProcessHandle.of(upPid).orElseThrow().descendants().toList();
        assertThat(servers).isNotEmpty();
        try (Connection db = DriverManager.getConnection(endpoints.path("jdbcUrl").asText(),
                endpoints.path("jdbcUser").asText(), endpoints.path("jdbcPassword").asText());
             ResultSet users = db.createStatement().executeQuery("SELECT count(*) FROM users")) {
            users.next();
            assertThat(users.getInt(1)).as("sample users seeded").isEqualTo(3);
        }
        String order = "o-" + System.nanoTime();
        assertThat(launcher("send", "order-shipped", "--user", "u-1001", "--order", order)).isZero();
        for (String sandbox : List.of("apns", "fcm", "twilio", "sendgrid")) {
            List<JsonNode> accepted = awaitAccepted(endpoints.path("sandboxes").path(sandbox).asText(), order);
            assertThat(accepted).as(sandbox + " holds exactly one message for the order").hasSize(1);
        }
        String feed = Files.readString(workingDirectory.resolve(".notify/platform.log"));
        assertThat(feed).contains("event       OrderShipped").contains("via apns").contains("via fcm")
                .contains("via twilio").contains("via sendgrid");
        List<Integer> ports = new ArrayList<>();
        ports.add(portOf(endpoints.path("kafkaBootstrapServers").asText()));
        ports.add(portOf(endpoints.path("registryUrl").asText().replaceAll("/apis.*", "")));
        ports.add(portOf(endpoints.path("jdbcUrl").asText().replaceAll("/userdb$", "")));
        ports.add(portOf(endpoints.path("connectUrl").asText()));

        assertThat(launcher("down")).isZero();

        assertThat(ProcessHandle.of(upPid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(servers).noneMatch(ProcessHandle::isAlive);
        assertThat(ports).allMatch(Ports::isFree);
        assertThat(endpointsFile).doesNotExist();
    }

    /** The sandbox's accepted messages that mention the order (its rendered text names it), once there is one. */
    private static List<JsonNode> awaitAccepted(String sandboxUrl, String order) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            if (!acceptedFor(http, sandboxUrl, order).isEmpty()) {
                // A resend would arrive right behind the first: give it the time to show.
                Thread.sleep(2000);
                return acceptedFor(http, sandboxUrl, order);
            }
            Thread.sleep(500);
        }
        throw new AssertionError(sandboxUrl + " accepted nothing for " + order);
    }

    private static List<JsonNode> acceptedFor(HttpClient http, String sandboxUrl, String order) throws Exception {
        JsonNode accepted = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(URI.create(sandboxUrl + "/accepted")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        List<JsonNode> forOrder = new ArrayList<>();
        accepted.forEach(message -> {
            if (message.toString().contains(order)) {
                forOrder.add(message);
            }
        });
        return forOrder;
    }

    private static int portOf(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    private int launcher(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(JavaCommand.javaExecutable(), "-cp",
                System.getProperty("java.class.path"), io.notify.cli.Notify.class.getName()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(workingDirectory.toFile()).inheritIO().start();
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }
}
