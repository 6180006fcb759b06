package io.notify.delivery.provider.apns;

import static io.notify.delivery.provider.SampleNotifications.deviceToken;
import static io.notify.delivery.provider.SampleNotifications.ios;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.notify.delivery.provider.SendOutcome;
import io.notify.runtime.config.ConfigSource;
import io.notify.sandbox.AcceptedRequest;
import io.notify.sandbox.Fault;
import io.notify.sandbox.apns.ApnsSandbox;
import io.notify.schemas.IosPushNotification;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ApnsAdapterTest {

    private static ApnsSandbox sandbox;
    private static ApnsAdapter adapter;

    @BeforeAll
    static void startSandbox() {
        sandbox = new ApnsSandbox().start();
        adapter = new ApnsAdapter(ApnsSettings.from(ConfigSource.of(sandboxConfig(Map.of()))));
    }

    @AfterAll
    static void stopSandbox() {
        adapter.close();
        sandbox.close();
    }

    @Test
    void shouldAnswerSentWithApnsIdDerivedFromNotificationId() {
        IosPushNotification push = ios(deviceToken());

        SendOutcome outcome = adapter.send(push).join();

        String expectedId = push.getMeta().getNotificationId();
        assertThat(outcome).isEqualTo(new SendOutcome.Sent(expectedId));
        AcceptedRequest accepted = sandbox.ledger().acceptedFor(push.getDeviceToken()).get(0);
        assertThat(accepted.request().path("apns-id").asText()).isEqualTo(expectedId);
        assertThat(accepted.notificationId()).isEqualTo(expectedId);
        assertThat(accepted.request().path("payload").path("aps").path("alert").path("title").asText())
                .isEqualTo("Your order shipped");
    }

    @Test
    void shouldSendTheNotificationsExpiryAndCollapseKeyAsApnsHeaders() {
        Instant expiresAt = Instant.now().plus(Duration.ofMinutes(20)).truncatedTo(ChronoUnit.SECONDS);
        IosPushNotification push = ios(deviceToken());
        push.getMeta().setExpiresAt(expiresAt);
        push.getMeta().setCollapseKey("score");

        assertThat(adapter.send(push).join()).isInstanceOf(SendOutcome.Sent.class);

        AcceptedRequest accepted = sandbox.ledger().acceptedFor(push.getDeviceToken()).get(0);
        assertThat(accepted.request().path("apns-expiration").asText()).isEqualTo(Long.toString(expiresAt.getEpochSecond()));
        assertThat(accepted.request().path("apns-collapse-id").asText()).isEqualTo("score");
    }

    @Test
    void shouldKeepACollapseKeyLongerThanApnsAllowsOneIdPerKey() {
        String longKey = "k".repeat(100);

        assertThat(ApnsAdapter.collapseId(longKey)).hasSizeLessThanOrEqualTo(64).isEqualTo(ApnsAdapter.collapseId(longKey))
                .isNotEqualTo(ApnsAdapter.collapseId(longKey + "x"));
        assertThat(ApnsAdapter.collapseId("score")).isEqualTo("score");
    }

    @Test
    void shouldDeriveTheSameApnsIdForTheSameNonUuidNotificationId() {
        assertThat(ApnsAdapter.apnsId("n-123")).isEqualTo(ApnsAdapter.apnsId("n-123")).isNotEqualTo(ApnsAdapter.apnsId("n-124"));
    }

    @Test
    void shouldClassifyBadDeviceTokenAsRecipientInvalid() {
        String token = deviceToken();
        sandbox.faults().forRecipient(token, Fault.invalidRecipient());

        assertThat(adapter.send(ios(token)).join()).isEqualTo(new SendOutcome.RecipientInvalid("apns:BadDeviceToken"));
    }

    @Test
    void shouldClassifyMalformedDeviceTokenAsRecipientInvalid() {
        assertThat(adapter.send(ios("not-hex")).join()).isEqualTo(new SendOutcome.RecipientInvalid("apns:BadDeviceToken"));
    }

    @Test
    void shouldClassifyUnregisteredTokenAsRecipientInvalid() {
        String token = deviceToken();
        sandbox.faults().forRecipient(token, Fault.unregistered());

        assertThat(adapter.send(ios(token)).join()).isEqualTo(new SendOutcome.RecipientInvalid("apns:Unregistered"));
    }

    @Test
    void shouldRetryWhenApnsThrottles() {
        String token = deviceToken();
        sandbox.faults().forRecipient(token, Fault.tooManyRequests(Duration.ZERO));

        assertThat(adapter.send(ios(token)).join()).isEqualTo(new SendOutcome.Retryable("apns:TooManyRequests"));
    }

    @Test
    void shouldRetryWhenApnsIsUnavailable() {
        String token = deviceToken();
        sandbox.faults().forRecipient(token, Fault.unavailable());

        assertThat(adapter.send(ios(token)).join()).isEqualTo(new SendOutcome.Retryable("apns:ServiceUnavailable"));
    }

    @Test
    void shouldRetryOnApnsInternalError() {
        String token = deviceToken();
        sandbox.faults().forRecipient(token, Fault.internalError());

        assertThat(adapter.send(ios(token)).join()).isEqualTo(new SendOutcome.Retryable("apns:InternalServerError"));
    }

    @Test
    void shouldTreatOversizedPayloadAsPermanent() {
        IosPushNotification push = ios(deviceToken());
        push.setBody("x".repeat(5000));

        assertThat(adapter.send(push).join()).isEqualTo(new SendOutcome.Permanent("apns:PayloadTooLarge"));
    }

    @Test
    void shouldReportAForeignSigningKeyAsRefusedCredentials() {
        ApnsSandbox other = new ApnsSandbox();
        Map<String, String> foreignKey = Map.of("apns.key.file", other.signingKeyFile().toString());
        try (ApnsAdapter forged = new ApnsAdapter(ApnsSettings.from(ConfigSource.of(sandboxConfig(foreignKey))))) {
            assertThat(forged.send(ios(deviceToken())).join()).isEqualTo(new SendOutcome.ProviderRejectedCredentials("apns:InvalidProviderToken"));
        }
    }

    @Test
    void shouldRetryWhenApnsDoesNotAnswerInTimeThoughItMayStillAccept() {
        String token = deviceToken();
        sandbox.faults().forRecipient(token, Fault.timeout(Duration.ofMillis(1500)), 1);
        Map<String, String> shortTimeout = Map.of("apns.timeout", "PT0.3S");
        try (ApnsAdapter impatient = new ApnsAdapter(ApnsSettings.from(ConfigSource.of(sandboxConfig(shortTimeout))))) {
            assertThat(impatient.send(ios(token)).join()).isEqualTo(new SendOutcome.Retryable("apns:timeout"));
            await().atMost(Duration.ofSeconds(5)).until(() -> sandbox.ledger().acceptedFor(token).size() == 1);
        }
    }

    private static Map<String, String> sandboxConfig(Map<String, String> overrides) {
        Map<String, String> config = new HashMap<>();
        config.put("apns.endpoint", sandbox.host() + ":" + sandbox.port());
        config.put("apns.trusted.certificate.file", sandbox.caCertificateFile().toString());
        config.put("apns.key.file", sandbox.signingKeyFile().toString());
        config.put("apns.key.id", sandbox.keyId());
        config.put("apns.team.id", sandbox.teamId());
        config.put("apns.topic", sandbox.topic());
        config.putAll(overrides);
        return config;
    }
}
