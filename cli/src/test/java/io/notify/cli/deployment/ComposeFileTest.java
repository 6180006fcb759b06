package io.notify.cli.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.notify.delivery.DeliverySettings;
import io.notify.delivery.provider.ConfiguredProviders;
import io.notify.enricher.EnricherSettings;
import io.notify.runtime.config.ConfigSource;
import io.notify.runtime.config.KafkaSettings;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * compose.yaml cannot run here (no Docker engine), so it is held to what can be checked: Debian's
 * docker-compose accepts it, and every NOTIFY_* setting it gives an app is one that app reads.
 */
class ComposeFileTest {

    private static final Path COMPOSE = Path.of("..", "compose.yaml").toAbsolutePath().normalize();
    private static JsonNode services;

    @BeforeAll
    static void resolveWithDockerCompose() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("docker-compose", "-f", COMPOSE.toString(), "config");
        builder.environment().put("USERDB_PASSWORD", "compose-test");
        Process process;
        try {
            process = builder.start();
        } catch (java.io.IOException missing) {
            throw new AssertionError("docker-compose is needed to validate compose.yaml (Debian: apt-get install docker-compose)");
        }
        String resolved = new String(process.getInputStream().readAllBytes());
        String errors = new String(process.getErrorStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("docker-compose config: " + errors).isZero();
        services = new ObjectMapper(new YAMLFactory()).readTree(resolved).path("services");
    }

    @Test
    void shouldDeclareTheWholePlatformWithHealthChecks() {
        assertThat(services.fieldNames()).toIterable()
                .contains("kafka", "registry", "postgres", "connect", "enricher-1", "enricher-2", "delivery");
        for (String service : List.of("kafka", "registry", "postgres", "connect", "enricher-1", "enricher-2", "delivery")) {
            assertThat(services.path(service).has("healthcheck")).as(service + " has a health check").isTrue();
        }
        assertThat(services.path("postgres").path("command").toString()).contains("wal_level=logical");
    }

    @Test
    void shouldGiveTheEnrichersOnlySettingsTheyRead() {
        for (String enricher : List.of("enricher-1", "enricher-2")) {
            assertOnlyReadSettings(enricher, config -> {
                EnricherSettings.from(config);
                KafkaSettings.from(config);
            });
        }
    }

    @Test
    void shouldGiveTheDeliveryAppOnlySettingsItReads() {
        assertOnlyReadSettings("delivery", config -> {
            DeliverySettings.from(config);
            KafkaSettings.from(config);
            ConfiguredProviders.fromConfig(config);
        });
    }

    private static void assertOnlyReadSettings(String service, Consumer<ConfigSource> app) {
        Map<String, String> settings = new HashMap<>();
        services.path(service).path("environment").fields().forEachRemaining(variable -> {
            if (variable.getKey().startsWith("NOTIFY_")) {
                settings.put(variable.getKey().substring("NOTIFY_".length()).toLowerCase().replace('_', '.'),
                        variable.getValue().asText());
            }
        });
        assertThat(settings).as(service + " is configured").isNotEmpty();
        ConfigSource config = ConfigSource.of(settings);

        app.accept(config);

        assertThat(settings.keySet()).as(service + ": settings in compose.yaml that the app never reads")
                .allMatch(config::wasAsked);
    }
}
