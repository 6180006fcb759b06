package io.notify.stack.registry;

import io.notify.stack.process.ChildProcess;
import io.notify.stack.process.JavaCommand;
import io.notify.stack.process.Readiness;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Apicurio Registry from its own distribution, in its own JVM, storing its schemas in an H2 file
 * in its directory. Its Confluent-compatible API is at /apis/ccompat/v7, the native one (which
 * our serdes use) at /apis/registry/v3. Every subject's new versions must be {@link #COMPATIBILITY}.
 */
public final class SchemaRegistry implements AutoCloseable {

    /**
     * Enforced on every subject by the registry itself, whoever registers: compose.yaml sets the
     * same. A global default, so it holds for subjects no one has created yet.
     */
    private static final String COMPATIBILITY = "BACKWARD";
    private static final String COMPATIBILITY_RULE = "apicurio.rules.global.compatibility";

    private final Path directory;
    private final int port;
    private ChildProcess process;

    public SchemaRegistry(Path directory, int port) {
        this.directory = directory;
        this.port = port;
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/apis/registry/v3";
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Launches the registry without waiting; after {@link #stop} it comes back with the same port and schemas. */
    public void start() {
        Path runner = unpackedDistribution().resolve("apicurio-registry-app-" + version() + "-runner.jar");
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        process = ChildProcess.start("schema registry", List.of(JavaCommand.javaExecutable(), "-Xmx512m",
                        "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1",
                        "-Dquarkus.log.level=WARN",
                        // Records in Kafka carry content ids: a registry that forgot them on restart (its
                        // default is an in-memory database) would hand the same ids to other schemas.
                        "-Dapicurio.datasource.url=jdbc:h2:file:" + directory.resolve("storage").resolve("registry"),
                        "-D" + COMPATIBILITY_RULE + "=" + COMPATIBILITY,
                        "-jar", runner.toString()),
                directory.resolve("registry.log"), Map.of());
    }

    public void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl() + "/health/ready")).timeout(Duration.ofSeconds(3)).build();
        Readiness.await(process, "the schema registry", timeout,
                () -> http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    public List<Long> pids() {
        return process == null ? List.of() : List.of(process.pid());
    }

    /** Stops the server (SIGTERM); what it stored stays for the next {@link #start}. */
    public void stop() {
        if (process != null) {
            process.stop(Duration.ofSeconds(15));
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** The distribution zip from the local Maven repository, unpacked once into a cache. */
    private static Path unpackedDistribution() {
        Properties build = buildProperties();
        String version = build.getProperty("apicurio.app.version");
        Path zip = Path.of(build.getProperty("maven.local.repository"), "io", "apicurio", "apicurio-registry-app",
                version, "apicurio-registry-app-" + version + "-all.zip");
        Path target = Path.of(System.getProperty("user.home"), ".cache", "notify", "apicurio-registry-app-" + version);
        Path complete = target.resolve(".complete");
        if (Files.exists(complete)) {
            return target;
        }
        if (!Files.exists(zip)) {
            throw new IllegalStateException("the Apicurio Registry distribution is not in the local Maven repository (" + zip
                    + "): build the project once with `mvn -B install -DskipTests`");
        }
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(archive.entries())) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IllegalStateException("unexpected path in " + zip + ": " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    try (InputStream in = archive.getInputStream(entry)) {
                        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            Files.writeString(complete, version);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + zip, e);
        }
        return target;
    }

    private static String version() {
        return buildProperties().getProperty("apicurio.app.version");
    }

    private static Properties buildProperties() {
        Properties properties = new Properties();
        try (InputStream in = SchemaRegistry.class.getClassLoader().getResourceAsStream("local-stack.properties")) {
            properties.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("local-stack.properties is missing: the local-stack module was not built", e);
        }
        return properties;
    }
}
