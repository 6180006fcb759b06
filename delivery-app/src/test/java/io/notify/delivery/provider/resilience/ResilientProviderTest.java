package io.notify.delivery.provider.resilience;

import static io.notify.delivery.provider.SampleNotifications.phoneNumber;
import static io.notify.delivery.provider.SampleNotifications.sms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.notify.delivery.provider.SendOutcome;
import io.notify.delivery.provider.sms.TwilioSettings;
import io.notify.delivery.provider.sms.TwilioSmsAdapter;
import io.notify.runtime.config.ConfigSource;
import io.notify.sandbox.Fault;
import io.notify.sandbox.Sandboxes;
import io.notify.sandbox.twilio.TwilioSandbox;
import io.notify.schemas.SmsNotification;
import io.notify.stack.logging.LogCapture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResilientProviderTest {

    private static final Duration LONG_OPEN_WAIT = Duration.ofSeconds(30);
    private static final String WRONG_TOKEN = "wrong-auth-token-7731";

    private TwilioSandbox sandbox;

    @BeforeEach
    void startSandbox() {
        sandbox = new TwilioSandbox().start();
    }

    @AfterEach
    void stopSandbox() {
        sandbox.close();
    }

    @Test
    void shouldOpenTheCircuitAfterRetryableFailuresAndFailFastWithoutCallingTwilio() {
        try (ResilientProvider<SmsNotification> provider = resilient(settings(LONG_OPEN_WAIT, 1000, Duration.ofSeconds(1)))) {
            String failing = phoneNumber();
            sandbox.faults().forRecipient(failing, Fault.internalError());
            IntStream.range(0, 4).forEach(i -> provider.send(sms(failing)).join());

            String healthy = phoneNumber();
            SendOutcome outcome = provider.send(sms(healthy)).join();

            assertThat(provider.isOpen()).isTrue();
            assertThat(outcome).isEqualTo(new SendOutcome.Deferred("circuit_open:twilio", LONG_OPEN_WAIT));
            assertThat(sandbox.ledger().attempts(healthy)).isZero();
        }
    }

    @Test
    void shouldNotCountDeadRecipientsAsProviderFailures() {
        try (ResilientProvider<SmsNotification> provider = resilient(settings(LONG_OPEN_WAIT, 1000, Duration.ofSeconds(1)))) {
            List<SendOutcome> outcomes = IntStream.range(0, 6).mapToObj(i -> provider.send(sms("12345")).join()).toList();

            assertThat(outcomes).containsOnly(new SendOutcome.RecipientInvalid("twilio:21211"));
            assertThat(provider.isOpen()).isFalse();
        }
    }

    @Test
    void shouldProbeTwilioAgainByItselfAfterTheOpenWait() {
        try (ResilientProvider<SmsNotification> provider = resilient(settings(Duration.ofMillis(200), 1000, Duration.ofSeconds(1)))) {
            AtomicInteger transitions = new AtomicInteger();
            provider.onStateChange(transitions::incrementAndGet);
            String failing = phoneNumber();
            sandbox.faults().forRecipient(failing, Fault.unavailable());
            IntStream.range(0, 4).forEach(i -> provider.send(sms(failing)).join());
            assertThat(provider.isOpen()).isTrue();

            // The listener runs after the state changed: wait for both, then check nothing else moved.
            await().atMost(Duration.ofSeconds(5)).until(() -> !provider.isOpen() && transitions.get() >= 2);

            assertThat(transitions.get()).isEqualTo(2);
            assertThat(provider.send(sms(phoneNumber())).join()).isInstanceOf(SendOutcome.Sent.class);
        }
    }

    @Test
    void shouldOpenTheCircuitAtTheFirstRefusedCredentialAndRaiseAnAlert() {
        List<String> lines;
        SendOutcome refused;
        SendOutcome next;
        String first = phoneNumber();
        String second = phoneNumber();
        try (LogCapture capture = new LogCapture();
             ResilientProvider<SmsNotification> provider = resilient(settings(LONG_OPEN_WAIT, 1000, Duration.ofSeconds(1)), WRONG_TOKEN)) {
            refused = provider.send(sms(first)).join();
            assertThat(provider.isOpen()).as("open after one answer, though the breaker's window needs four").isTrue();
            next = provider.send(sms(second)).join();
            lines = capture.lines();
        }

        assertThat(refused).isEqualTo(new SendOutcome.ProviderRejectedCredentials("twilio:20003"));
        assertThat(next).isEqualTo(new SendOutcome.Deferred("circuit_open:twilio", LONG_OPEN_WAIT));
        assertThat(sandbox.ledger().attempts(second)).isZero();
        assertThat(lines).filteredOn(line -> line.contains("rejected our credentials")).singleElement()
                .satisfies(line -> assertThat(line).contains("twilio", "twilio:20003")
                        .doesNotContain(WRONG_TOKEN, sandbox.accountSid(), first, second));
    }

    @Test
    void shouldRefuseSendsBeyondTheRateLimitWithoutBlocking() {
        try (ResilientProvider<SmsNotification> provider = resilient(settings(LONG_OPEN_WAIT, 1, Duration.ZERO))) {
            List<SendOutcome> outcomes = IntStream.range(0, 3).mapToObj(i -> provider.send(sms(phoneNumber()))).toList()
                    .stream().map(future -> future.join()).toList();

            assertThat(outcomes).contains(new SendOutcome.Deferred("rate_limited:twilio", Duration.ofSeconds(1)));
        }
    }

    private ResilientProvider<SmsNotification> resilient(ResilienceSettings settings) {
        return resilient(settings, sandbox.authToken());
    }

    private ResilientProvider<SmsNotification> resilient(ResilienceSettings settings, String authToken) {
        TwilioSettings twilio = TwilioSettings.from(ConfigSource.of(Map.of(
                "twilio.endpoint", sandbox.baseUrl(),
                "twilio.account.sid", sandbox.accountSid(),
                "twilio.auth.token", authToken,
                "twilio.from", Sandboxes.TWILIO_FROM)));
        return new ResilientProvider<>(new TwilioSmsAdapter(twilio), settings);
    }

    private static ResilienceSettings settings(Duration openWait, int permitsPerSecond, Duration maxPermitWait) {
        return new ResilienceSettings(50f, 4, 4, openWait, 1, permitsPerSecond, maxPermitWait);
    }
}
