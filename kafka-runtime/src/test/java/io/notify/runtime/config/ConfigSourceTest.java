package io.notify.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSourceTest {

    @TempDir
    Path dir;

    @Test
    void shouldPreferTheEnvironmentOverTheConfigFile() throws Exception {
        Path file = dir.resolve("notify.properties");
        Files.writeString(file, "kafka.bootstrap.servers=file:9092\nregistry.url=http://file\n");

        ConfigSource config = ConfigSource.fromEnvironment(Map.of(
                "NOTIFY_CONFIG", file.toString(),
                "NOTIFY_KAFKA_BOOTSTRAP_SERVERS", "env:9092"));

        assertThat(config.string("kafka.bootstrap.servers", "default")).isEqualTo("env:9092");
        assertThat(config.string("registry.url", "default")).isEqualTo("http://file");
        assertThat(config.string("missing.key", "default")).isEqualTo("default");
    }

    @Test
    void shouldReadASecretFromAFileInPreferenceToAnInlineValue() throws Exception {
        Path secret = dir.resolve("token");
        Files.writeString(secret, "s3cret\n");

        ConfigSource config = ConfigSource.of(Map.of("twilio.auth.token", "inline", "twilio.auth.token.file", secret.toString()));

        assertThat(config.secret("twilio.auth.token")).contains("s3cret");
    }

    @Test
    void shouldPassClientOverridesThroughToKafkaClients() {
        ConfigSource config = ConfigSource.of(Map.of(
                "kafka.bootstrap.servers", "b:9092",
                "kafka.client.security.protocol", "SASL_SSL"));

        assertThat(KafkaSettings.from(config).clientProperties())
                .containsEntry("bootstrap.servers", "b:9092")
                .containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void shouldReadDurationsAsIsoOrMilliseconds() {
        ConfigSource config = ConfigSource.of(Map.of("a", "PT5S", "b", "250"));

        assertThat(config.duration("a", Duration.ZERO)).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.duration("b", Duration.ZERO)).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void shouldNameTheSettingWhoseValueCannotBeRead() {
        ConfigSource config = ConfigSource.of(Map.of("delivery.in.flight", "many"));

        assertThatThrownBy(() -> config.integer("delivery.in.flight", 1)).hasMessageContaining("delivery.in.flight");
    }

    @Test
    void shouldRememberWhichKeysWereAskedFor() {
        ConfigSource config = ConfigSource.of(Map.of("kafka.client.sasl.mechanism", "SCRAM-SHA-512"));

        KafkaSettings.from(config);

        assertThat(config.wasAsked("kafka.bootstrap.servers")).isTrue();
        assertThat(config.wasAsked("kafka.client.sasl.mechanism")).isTrue();
        assertThat(config.wasAsked("enricher.http.port")).isFalse();
    }
}
