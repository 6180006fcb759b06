package io.notify.delivery.provider;

import static io.notify.delivery.provider.SampleNotifications.android;
import static io.notify.delivery.provider.SampleNotifications.email;
import static io.notify.delivery.provider.SampleNotifications.emailAddress;
import static io.notify.delivery.provider.SampleNotifications.phoneNumber;
import static io.notify.delivery.provider.SampleNotifications.sms;
import static org.assertj.core.api.Assertions.assertThat;

import io.notify.runtime.config.ConfigSource;
import io.notify.sandbox.Fault;
import io.notify.sandbox.Sandboxes;
import io.notify.schemas.AndroidPushNotification;
import io.notify.schemas.Channel;
import io.notify.schemas.EmailNotification;
import io.notify.schemas.SmsNotification;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ProviderIsolationTest {

    @Test
    @SuppressWarnings("unchecked")
    void shouldKeepEmailAndPushFastWhileTwilioHangs() {
        try (Sandboxes sandboxes = Sandboxes.start()) {
            Map<Channel, GuardedProvider<?>> providers = ConfiguredProviders.fromConfig(ConfigSource.of(sandboxes.endpoints().asConfig())
                    .with(Map.of("twilio.timeout", "PT5S")));
            try {
                var smsProvider = (GuardedProvider<SmsNotification>) providers.get(Channel.SMS);
                var emailProvider = (GuardedProvider<EmailNotification>) providers.get(Channel.EMAIL);
                var pushProvider = (GuardedProvider<AndroidPushNotification>) providers.get(Channel.ANDROID);
                emailProvider.send(email(emailAddress())).join();
                pushProvider.send(android("fcm-token")).join();
                sandboxes.twilio().faults().atRate(1.0, Fault.timeout(Duration.ofSeconds(3)));
                List<CompletableFuture<SendOutcome>> stuck = IntStream.range(0, 40)
                        .mapToObj(i -> smsProvider.send(sms(phoneNumber()))).toList();

                long start = System.nanoTime();
                SendOutcome mail = emailProvider.send(email(emailAddress())).join();
                SendOutcome push = pushProvider.send(android("fcm-token")).join();
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

                assertThat(mail).isInstanceOf(SendOutcome.Sent.class);
                assertThat(push).isInstanceOf(SendOutcome.Sent.class);
                assertThat(elapsed).isLessThan(Duration.ofMillis(1500));
                assertThat(stuck).noneMatch(CompletableFuture::isDone);
            } finally {
                providers.values().forEach(ProviderAdapter::close);
            }
        }
    }
}
