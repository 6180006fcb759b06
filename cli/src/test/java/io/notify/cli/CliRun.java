package io.notify.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.notify.stack.StackEndpoints;
import io.notify.stack.process.JavaCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs `./notify` as a user does: its own process, its own environment, from a given directory. */
public record CliRun(int exitCode, String output) {

    public static CliRun against(StackEndpoints stack, Path workingDirectory, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(JavaCommand.javaExecutable(), "-cp",
                System.getProperty("java.class.path"), Notify.class.getName()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true);
        builder.environment().put("NOTIFY_KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers());
        builder.environment().put("NOTIFY_REGISTRY_URL", stack.registryUrl());
        builder.environment().put("NOTIFY_USERDB_JDBC_URL", stack.jdbcUrl());
        builder.environment().put("NOTIFY_USERDB_USER", stack.jdbcUser());
        builder.environment().put("NOTIFY_USERDB_PASSWORD", stack.jdbcPassword());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new CliRun(process.exitValue(), output);
    }
}
