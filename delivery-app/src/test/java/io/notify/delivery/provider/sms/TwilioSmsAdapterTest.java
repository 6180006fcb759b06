package io.notify.delivery.provider.sms;

import static io.notify.delivery.provider.SampleNotifications.phoneNumber;
import static io.notify.delivery.provider.SampleNotifications.sms;
import static org.assertj.core.api.Assertions.assertThat;

import io.notify.delivery.provider.SendOutcome;
import io.notify.runtime.config.ConfigSource;
import io.notify.sandbox.AcceptedRequest;
import io.notify.sandbox.Fault;
import io.notify.sandbox.Sandboxes;
import io.notify.sandbox.twilio.TwilioSandbox;
import io.notify.schemas.SmsNotification;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TwilioSmsAdapterTest {

    private static final String CALLBACK_URL = "http://127.0.0.1:9/webhooks/twilio/status";

    private static TwilioSandbox sandbox;
    private static TwilioSmsAdapter adapter;

    @BeforeAll
    static void startSandbox() {
        sandbox = new TwilioSandbox().start();
        adapter = new TwilioSmsAdapter(TwilioSettings.from(ConfigSource.of(sandboxConfig(Map.of()))));
    }

    @AfterAll
    static void stopSandbox() {
        adapter.close();
        sandbox.close();
    }

    @Test
    void shouldAnswerSentWithTheMessageSid() {
        SmsNotification message = sms(phoneNumber());

        SendOutcome outcome = adapter.send(message).join();

        AcceptedRequest accepted = sandbox.ledger().acceptedFor(message.getPhoneNumber()).get(0);
        assertThat(outcome).isEqualTo(new SendOutcome.Sent(accepted.messageId()));
        assertThat(accepted.messageId()).startsWith("SM");
        assertThat(accepted.request().path("From").asText()).isEqualTo(Sandboxes.TWILIO_FROM);
    }

    @Test
    void shouldCarryTheNotificationIdInTheStatusCallbackUrl() {
        SmsNotification message = sms(phoneNumber());

        adapter.send(message).join();

        String callback = sandbox.ledger().acceptedFor(message.getPhoneNumber()).get(0).request().path("StatusCallback").asText();
        assertThat(sandbox.ledger().acceptedCountsByNotificationId()).containsEntry(message.getMeta().getNotificationId(), 1L);
        assertThat(callback).isEqualTo(CALLBACK_URL + "?notificationId=" + message.getMeta().getNotificationId()
                + "&userId=" + message.getMeta().getUserId());
    }

    @Test
    void shouldClassifyAnInvalidNumberAsRecipientInvalid() {
        assertThat(adapter.send(sms("12345")).join()).isEqualTo(new SendOutcome.RecipientInvalid("twilio:21211"));
    }

    @Test
    void shouldClassifyAnUnsubscribedRecipientAsRecipientInvalid() {
        String number = phoneNumber();
        sandbox.faults().forRecipient(number, Fault.unregistered());

        assertThat(adapter.send(sms(number)).join()).isEqualTo(new SendOutcome.RecipientInvalid("twilio:21610"));
    }

    @Test
    void shouldRetryAfterTheAnnouncedDelayWhenRateLimited() {
        String number = phoneNumber();
        sandbox.faults().forRecipient(number, Fault.tooManyRequests(Duration.ofSeconds(7)));

        assertThat(adapter.send(sms(number)).join())
                .isEqualTo(new SendOutcome.Retryable("twilio:20429", Optional.of(Duration.ofSeconds(7))));
        assertThat(sandbox.ledger().attempts(number)).isEqualTo(1);
    }

    @Test
    void shouldNotLetTheSdkRepeatAPostAfterAServerError() {
        String number = phoneNumber();
        sandbox.faults().forRecipient(number, Fault.internalError());

        assertThat(adapter.send(sms(number)).join()).isEqualTo(new SendOutcome.Retryable("twilio:20500"));
        assertThat(sandbox.ledger().attempts(number)).isEqualTo(1);
    }

    @Test
    void shouldRetryWhenTwilioIsUnavailableWithoutTheHttpClientRepeatingThePost() {
        String number = phoneNumber();
        sandbox.faults().forRecipient(number, Fault.unavailable());

        assertThat(adapter.send(sms(number)).join()).isEqualTo(new SendOutcome.Retryable("twilio:20503"));
        assertThat(sandbox.ledger().attempts(number)).isEqualTo(1);
    }

    @Test
    void shouldTreatARejectedPayloadAsPermanent() {
        String number = phoneNumber();
        sandbox.faults().forRecipient(number, Fault.badRequest());

        assertThat(adapter.send(sms(number)).join()).isEqualTo(new SendOutcome.Permanent("twilio:21602"));
    }

    @Test
    void shouldRetryWhenTwilioDoesNotAnswerInTime() {
        String number = phoneNumber();
        sandbox.faults().forRecipient(number, Fault.timeout(Duration.ofSeconds(2)), 1);
        try (TwilioSmsAdapter impatient = new TwilioSmsAdapter(TwilioSettings.from(ConfigSource.of(sandboxConfig(Map.of("twilio.timeout", "300")))))) {
            assertThat(impatient.send(sms(number)).join()).isEqualTo(new SendOutcome.Retryable("twilio:timeout"));
        }
    }

    @Test
    void shouldReportAWrongAuthTokenAsRefusedCredentials() {
        try (TwilioSmsAdapter wrongToken = new TwilioSmsAdapter(TwilioSettings.from(ConfigSource.of(
                sandboxConfig(Map.of("twilio.auth.token", "not-the-token")))))) {
            assertThat(wrongToken.send(sms(phoneNumber())).join()).isEqualTo(new SendOutcome.ProviderRejectedCredentials("twilio:20003"));
        }
    }

    private static Map<String, String> sandboxConfig(Map<String, String> overrides) {
        Map<String, String> config = new HashMap<>();
        config.put("twilio.endpoint", sandbox.baseUrl());
        config.put("twilio.account.sid", sandbox.accountSid());
        config.put("twilio.auth.token", sandbox.authToken());
        config.put("twilio.from", Sandboxes.TWILIO_FROM);
        config.put("twilio.status.callback.url", CALLBACK_URL);
        config.putAll(overrides);
        return config;
    }
}
