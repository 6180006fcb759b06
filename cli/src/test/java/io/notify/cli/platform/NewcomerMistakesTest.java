package io.notify.cli.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.notify.stack.process.JavaCommand;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A newcomer's usual mistakes end in one clear message and a non-zero exit, before anything starts. */
class NewcomerMistakesTest {

    private static final Path SCRIPT = Path.of("..", "notify").toAbsolutePath().normalize();

    @TempDir
    Path workingDirectory;

    @Test
    void shouldRefuseAJavaOlderThan17() throws Exception {
        Path bin = Files.createDirectories(workingDirectory.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho '    java.specification.version = 11' >&2\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));

        Result result = run(List.of("bash", SCRIPT.toString(), "up"), Map.of("PATH", bin + ":/usr/bin:/bin"));

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("Java 17 or newer is needed").contains("11");
    }

    @Test
    void shouldNameTheServerWhosePortIsInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            Result result = launcher(Map.of(), "up", "--kafka-port", Integer.toString(port));

            assertThat(result.exitCode()).isNotZero();
            assertThat(result.output()).contains("port " + port).contains("Kafka").contains("already in use");
        }
    }

    @Test
    void shouldSayWhereThePostgresBinariesAreMissing() throws Exception {
        Result result = launcher(Map.of("NOTIFY_PG_BIN", workingDirectory.resolve("no-postgres").toString()),
                "up", "--free-ports");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("PostgreSQL server binaries").contains("NOTIFY_PG_BIN");
    }

    private Result launcher(Map<String, String> environment, String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(JavaCommand.javaExecutable(), "-cp",
                System.getProperty("java.class.path"), io.notify.cli.Notify.class.getName()));
        command.addAll(List.of(arguments));
        return run(command, environment);
    }

    private Result run(List<String> command, Map<String, String> environment) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    private record Result(int exitCode, String output) {
    }
}
