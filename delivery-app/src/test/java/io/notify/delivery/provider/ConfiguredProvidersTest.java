package io.notify.delivery.provider;

import static io.notify.delivery.provider.SampleNotifications.email;
import static io.notify.delivery.provider.SampleNotifications.emailAddress;
import static org.assertj.core.api.Assertions.assertThat;

import io.notify.delivery.provider.email.FallbackEmailProvider;
import io.notify.runtime.config.ConfigSource;
import io.notify.sandbox.Sandboxes;
import io.notify.schemas.Channel;
import io.notify.schemas.EmailNotification;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfiguredProvidersTest {

    @Test
    void shouldBuildOneGuardedProviderPerConfiguredChannel() {
        try (Sandboxes sandboxes = Sandboxes.start()) {
            Map<Channel, GuardedProvider<?>> providers = ConfiguredProviders.fromConfig(ConfigSource.of(
                    sandboxes.endpoints().asConfig()));
            try {
                assertThat(providers).containsOnlyKeys(Channel.values());
                assertThat(providers.get(Channel.EMAIL)).isInstanceOf(FallbackEmailProvider.class);
                @SuppressWarnings("unchecked")
                GuardedProvider<EmailNotification> emailProvider = (GuardedProvider<EmailNotification>) providers.get(Channel.EMAIL);
                assertThat(emailProvider.send(email(emailAddress())).join()).isInstanceOf(SendOutcome.Sent.class);
            } finally {
                providers.values().forEach(ProviderAdapter::close);
            }
        }
    }

    @Test
    void shouldLeaveAChannelWithoutSettingsWithoutAProvider() {
        assertThat(ConfiguredProviders.fromConfig(ConfigSource.of(Map.of()))).isEmpty();
    }
}
