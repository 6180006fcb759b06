package io.notify.stack;

import java.nio.file.Path;

/**
 * Where the stack keeps its files and which ports it takes. Port 0 means "any free port":
 * tests use that; the launcher asks for the well-known ports the apps default to.
 */
public record StackOptions(Path directory, int kafkaPort, int kafkaControllerPort, int registryPort,
                           int postgresPort, int connectPort) {

    public static final int KAFKA_PORT = 9092;
    public static final int KAFKA_CONTROLLER_PORT = 9093;
    public static final int REGISTRY_PORT = 8081;
    public static final int POSTGRES_PORT = 5433;
    public static final int CONNECT_PORT = 8083;

    /** Free ports everywhere: for tests, which must not collide with anything a developer runs. */
    public static StackOptions ephemeral(Path directory) {
        return new StackOptions(directory, 0, 0, 0, 0, 0);
    }

    /** The ports the apps' local defaults point at. */
    public static StackOptions wellKnown(Path directory) {
        return new StackOptions(directory, KAFKA_PORT, KAFKA_CONTROLLER_PORT, REGISTRY_PORT, POSTGRES_PORT, CONNECT_PORT);
    }
}
