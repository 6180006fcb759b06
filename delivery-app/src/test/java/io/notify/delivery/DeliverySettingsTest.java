package io.notify.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.notify.runtime.config.ConfigSource;
import io.notify.schemas.Channel;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliverySettingsTest {

    @Test
    void shouldUseLocalDefaultsWhenNothingIsConfigured() {
        DeliverySettings settings = DeliverySettings.from(ConfigSource.of(Map.of()));

        assertThat(settings.channels()).containsExactlyInAnyOrder(Channel.values());
        assertThat(settings.inFlightMax()).isEqualTo(256);
        assertThat(settings.handoffThreads()).isEqualTo(4);
        assertThat(settings.retryTiers().all()).extracting(tier -> tier.name()).containsExactly("5s", "1m", "10m");
        assertThat(settings.userDb()).isEmpty();
    }

    @Test
    void shouldReadOverridesOnce() {
        DeliverySettings settings = DeliverySettings.from(ConfigSource.of(Map.of(
                "delivery.channels", "sms, email",
                "delivery.inflight.max", "8",
                "delivery.handoff.threads", "2",
                "delivery.retry.tiers", "1s,2s",
                "delivery.send.timeout", "PT3S",
                "userdb.jdbc.url", "jdbc:postgresql://localhost/users",
                "userdb.password", "secret")));

        assertThat(settings.channels()).containsExactlyInAnyOrder(Channel.SMS, Channel.EMAIL);
        assertThat(settings.inFlightMax()).isEqualTo(8);
        assertThat(settings.handoffThreads()).isEqualTo(2);
        assertThat(settings.retryTiers().all()).extracting(tier -> tier.delay()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(settings.sendTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.userDb()).hasValueSatisfying(db -> assertThat(db.password()).isEqualTo("secret"));
    }
}
