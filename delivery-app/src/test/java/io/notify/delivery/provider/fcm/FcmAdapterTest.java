package io.notify.delivery.provider.fcm;

import static io.notify.delivery.provider.SampleNotifications.android;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.notify.delivery.provider.SendOutcome;
import io.notify.runtime.config.ConfigSource;
import io.notify.sandbox.AcceptedRequest;
import io.notify.sandbox.Fault;
import io.notify.sandbox.fcm.FcmSandbox;
import io.notify.schemas.AndroidPushNotification;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FcmAdapterTest {

    private static FcmSandbox sandbox;
    private static FcmAdapter adapter;

    @BeforeAll
    static void startSandbox() {
        sandbox = new FcmSandbox().start();
        adapter = new FcmAdapter(FcmSettings.from(ConfigSource.of(sandboxConfig(Map.of()))));
    }

    @AfterAll
    static void stopSandbox() {
        adapter.close();
        sandbox.close();
    }

    @Test
    void shouldAnswerSentWithTheFcmMessageName() {
        AndroidPushNotification push = android(token());

        SendOutcome outcome = adapter.send(push).join();

        AcceptedRequest accepted = sandbox.ledger().acceptedFor(push.getRegistrationToken()).get(0);
        assertThat(outcome).isEqualTo(new SendOutcome.Sent(
                "projects/" + sandbox.projectId() + "/messages/" + accepted.messageId()));
        assertThat(accepted.notificationId()).isEqualTo(push.getMeta().getNotificationId());
        assertThat(accepted.request().path("android").path("priority").asText()).isEqualTo("high");
    }

    @Test
    void shouldSendTheTimeLeftBeforeExpiryAsTtlAndTheCollapseKey() {
        AndroidPushNotification push = android(token());
        push.getMeta().setExpiresAt(Instant.now().plus(Duration.ofMinutes(10)));
        push.getMeta().setCollapseKey("score");

        assertThat(adapter.send(push).join()).isInstanceOf(SendOutcome.Sent.class);

        JsonNode android = sandbox.ledger().acceptedFor(push.getRegistrationToken()).get(0).request().path("android");
        assertThat(android.path("collapse_key").asText()).isEqualTo("score");
        double ttlSeconds = Double.parseDouble(android.path("ttl").asText().replace("s", ""));
        assertThat(ttlSeconds).isBetween(590.0, 600.0);
    }

    @Test
    void shouldSendAnExpiryBeyondWhatFcmKeepsAsItsLongestTtl() {
        AndroidPushNotification push = android(token());
        push.getMeta().setExpiresAt(Instant.now().plus(Duration.ofDays(400)));

        assertThat(adapter.send(push).join()).isInstanceOf(SendOutcome.Sent.class);

        JsonNode android = sandbox.ledger().acceptedFor(push.getRegistrationToken()).get(0).request().path("android");
        assertThat(android.path("ttl").asText()).isEqualTo(FcmAdapter.MAX_TTL.toSeconds() + "s");
    }

    @Test
    void shouldClassifyUnregisteredTokenAsRecipientInvalid() {
        String token = token();
        sandbox.faults().forRecipient(token, Fault.unregistered());

        assertThat(adapter.send(android(token)).join()).isEqualTo(new SendOutcome.RecipientInvalid("fcm:UNREGISTERED"));
    }

    @Test
    void shouldRetryAfterTheQuotaResetsWhenQuotaIsExceeded() {
        String token = token();
        sandbox.faults().forRecipient(token, Fault.tooManyRequests(Duration.ofSeconds(30)));

        assertThat(adapter.send(android(token)).join())
                .isEqualTo(new SendOutcome.Retryable("fcm:QUOTA_EXCEEDED", Optional.of(Duration.ofSeconds(30))));
    }

    @Test
    void shouldRetryOnInternalErrorWithoutTheSdkRepeatingIt() {
        String token = token();
        sandbox.faults().forRecipient(token, Fault.internalError());

        assertThat(adapter.send(android(token)).join()).isEqualTo(new SendOutcome.Retryable("fcm:INTERNAL"));
        assertThat(sandbox.ledger().attempts(token)).isEqualTo(1);
    }

    @Test
    void shouldLetTheSdkRetryATransient503() {
        String token = token();
        sandbox.faults().forRecipient(token, Fault.unavailable(), 2);

        assertThat(adapter.send(android(token)).join()).isInstanceOf(SendOutcome.Sent.class);
        assertThat(sandbox.ledger().attempts(token)).isEqualTo(3);
    }

    @Test
    void shouldHandBackA503WhoseRetryAfterExceedsWhatTheSdkWaits() {
        String token = token();
        sandbox.faults().forRecipient(token, Fault.unavailable(Duration.ofSeconds(120)));

        assertThat(adapter.send(android(token)).join())
                .isEqualTo(new SendOutcome.Retryable("fcm:UNAVAILABLE", Optional.of(Duration.ofSeconds(120))));
        assertThat(sandbox.ledger().attempts(token)).isEqualTo(1);
    }

    @Test
    void shouldTreatInvalidArgumentAsPermanent() {
        String token = token();
        sandbox.faults().forRecipient(token, Fault.badRequest());

        assertThat(adapter.send(android(token)).join()).isEqualTo(new SendOutcome.Permanent("fcm:INVALID_ARGUMENT"));
    }

    @Test
    void shouldRetryWhenFcmDoesNotAnswerInTime() {
        String token = token();
        sandbox.faults().forRecipient(token, Fault.timeout(Duration.ofSeconds(2)), 1);
        try (FcmAdapter impatient = new FcmAdapter(FcmSettings.from(ConfigSource.of(sandboxConfig(Map.of("fcm.timeout", "300")))))) {
            SendOutcome outcome = impatient.send(android(token)).join();

            assertThat(outcome).isInstanceOf(SendOutcome.Retryable.class);
            assertThat(((SendOutcome.Retryable) outcome).reason()).isEqualTo("fcm:timeout");
        }
    }

    @Test
    void shouldReportARefusedFixedAccessTokenAsRefusedCredentials() {
        Map<String, String> wrongToken = Map.of("fcm.access.token", "forged");
        try (FcmAdapter forged = new FcmAdapter(FcmSettings.from(ConfigSource.of(sandboxConfig(wrongToken))))) {
            assertThat(forged.send(android(token())).join()).isEqualTo(new SendOutcome.ProviderRejectedCredentials("fcm:credentials"));
        }
    }

    private static String token() {
        return "fcm-" + UUID.randomUUID();
    }

    private static Map<String, String> sandboxConfig(Map<String, String> overrides) {
        Map<String, String> config = new HashMap<>();
        config.put("fcm.endpoint", sandbox.baseUrl());
        config.put("fcm.project.id", sandbox.projectId());
        config.put("fcm.access.token", sandbox.accessToken());
        config.putAll(overrides);
        return config;
    }
}
