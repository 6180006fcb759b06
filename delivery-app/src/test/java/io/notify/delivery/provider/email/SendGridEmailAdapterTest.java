package io.notify.delivery.provider.email;

import static io.notify.delivery.provider.SampleNotifications.email;
import static io.notify.delivery.provider.SampleNotifications.emailAddress;
import static org.assertj.core.api.Assertions.assertThat;

import io.notify.delivery.provider.SendOutcome;
import io.notify.runtime.config.ConfigSource;
import io.notify.sandbox.AcceptedRequest;
import io.notify.sandbox.Fault;
import io.notify.sandbox.sendgrid.SendGridSandbox;
import io.notify.schemas.EmailNotification;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SendGridEmailAdapterTest {

    private static SendGridSandbox sandbox;
    private static SendGridEmailAdapter adapter;

    @BeforeAll
    static void startSandbox() {
        sandbox = new SendGridSandbox().start();
        adapter = new SendGridEmailAdapter(SendGridSettings.from(ConfigSource.of(sandboxConfig(sandbox, Map.of()))));
    }

    @AfterAll
    static void stopSandbox() {
        adapter.close();
        sandbox.close();
    }

    @Test
    void shouldAnswerSentWithTheXMessageId() {
        EmailNotification mail = email(emailAddress());

        SendOutcome outcome = adapter.send(mail).join();

        AcceptedRequest accepted = sandbox.ledger().acceptedFor(mail.getToAddress()).get(0);
        assertThat(outcome).isEqualTo(new SendOutcome.Sent(accepted.messageId()));
    }

    @Test
    void shouldCarryNotificationAndUserIdsAsCustomArgs() {
        EmailNotification mail = email(emailAddress());

        adapter.send(mail).join();

        var customArgs = sandbox.ledger().acceptedFor(mail.getToAddress()).get(0)
                .request().path("personalizations").path(0).path("custom_args");
        assertThat(customArgs.path("notification_id").asText()).isEqualTo(mail.getMeta().getNotificationId());
        assertThat(customArgs.path("user_id").asText()).isEqualTo(mail.getMeta().getUserId());
        assertThat(sandbox.ledger().acceptedFor(mail.getToAddress()).get(0).notificationId()).isEqualTo(mail.getMeta().getNotificationId());
    }

    @Test
    void shouldClassifyAnInvalidAddressAsRecipientInvalid() {
        assertThat(adapter.send(email("not-an-address")).join())
                .isEqualTo(new SendOutcome.RecipientInvalid("sendgrid:invalid_email"));
    }

    @Test
    void shouldRetryAfterTheAnnouncedDelayWhenRateLimited() {
        String address = emailAddress();
        sandbox.faults().forRecipient(address, Fault.tooManyRequests(Duration.ofSeconds(12)));

        assertThat(adapter.send(email(address)).join())
                .isEqualTo(new SendOutcome.Retryable("http:429", Optional.of(Duration.ofSeconds(12))));
    }

    @Test
    void shouldRetryOnServerError() {
        String address = emailAddress();
        sandbox.faults().forRecipient(address, Fault.internalError());

        assertThat(adapter.send(email(address)).join()).isEqualTo(new SendOutcome.Retryable("http:500"));
        assertThat(sandbox.ledger().attempts(address)).isEqualTo(1);
    }

    @Test
    void shouldRetryWhenSendGridIsUnavailable() {
        String address = emailAddress();
        sandbox.faults().forRecipient(address, Fault.unavailable(Duration.ofSeconds(3)));

        assertThat(adapter.send(email(address)).join())
                .isEqualTo(new SendOutcome.Retryable("http:503", Optional.of(Duration.ofSeconds(3))));
    }

    @Test
    void shouldTreatOtherClientErrorsAsPermanent() {
        String address = emailAddress();
        sandbox.faults().forRecipient(address, Fault.badRequest());

        assertThat(adapter.send(email(address)).join()).isEqualTo(new SendOutcome.Permanent("http:400"));
    }

    @Test
    void shouldReportAWrongApiKeyAsRefusedCredentials() {
        try (SendGridEmailAdapter forged = new SendGridEmailAdapter(
                SendGridSettings.from(ConfigSource.of(sandboxConfig(sandbox, Map.of("sendgrid.api.key", "SG.forged")))))) {
            assertThat(forged.send(email(emailAddress())).join()).isEqualTo(new SendOutcome.ProviderRejectedCredentials("http:401"));
        }
    }

    @Test
    void shouldRetryWhenSendGridDoesNotAnswerInTime() {
        String address = emailAddress();
        sandbox.faults().forRecipient(address, Fault.timeout(Duration.ofSeconds(2)), 1);
        try (SendGridEmailAdapter impatient = new SendGridEmailAdapter(
                SendGridSettings.from(ConfigSource.of(sandboxConfig(sandbox, Map.of("sendgrid.timeout", "300")))))) {
            assertThat(impatient.send(email(address)).join()).isEqualTo(new SendOutcome.Retryable("sendgrid:timeout"));
        }
    }

    static Map<String, String> sandboxConfig(SendGridSandbox sandbox, Map<String, String> overrides) {
        Map<String, String> config = new HashMap<>();
        config.put("sendgrid.endpoint", sandbox.baseUrl());
        config.put("sendgrid.api.key", sandbox.apiKey());
        config.putAll(overrides);
        return config;
    }
}
