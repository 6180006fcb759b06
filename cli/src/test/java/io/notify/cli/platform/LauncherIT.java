package io.notify.cli.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notify.stack.process.JavaCommand;
import io.notify.stack.process.Ports;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `up --detach` is ready in time with its endpoints written, and `down` leaves nothing behind. */
class LauncherIT {

    private static final Duration READY_BUDGET = Duration.ofSeconds(90);

    @TempDir
    Path workingDirectory;

    @Test
    void shouldStartDetachedWithinBudgetAndLeaveNoProcessOrPortAfterDown() throws Exception {
        Path endpointsFile = workingDirectory.resolve("endpoints.json");
        Instant begin = Instant.now();

        assertThat(launcher("up", "--detach", "--free-ports", "--endpoints-file", endpointsFile.toString())).isZero();
        Duration took = Duration.between(begin, Instant.now());

        assertThat(took).isLessThan(READY_BUDGET);
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
