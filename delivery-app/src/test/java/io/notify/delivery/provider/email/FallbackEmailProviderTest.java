package io.notify.delivery.provider.email;

import static io.notify.delivery.provider.SampleNotifications.email;
import static io.notify.delivery.provider.SampleNotifications.emailAddress;
import static org.assertj.core.api.Assertions.assertThat;

import io.notify.delivery.provider.SendOutcome;
import io.notify.delivery.provider.resilience.ResilienceSettings;
import io.notify.delivery.provider.resilience.ResilientProvider;
import io.notify.runtime.config.ConfigSource;
import io.notify.sandbox.Fault;
import io.notify.sandbox.sendgrid.SendGridSandbox;
import io.notify.sandbox.smtp.SmtpSandbox;
import io.notify.schemas.EmailNotification;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FallbackEmailProviderTest {

    private static final ResilienceSettings TRIP_AFTER_TWO =
            new ResilienceSettings(50f, 2, 2, Duration.ofSeconds(30), 1, 1000, Duration.ofSeconds(1));

    private SendGridSandbox sendGrid;
    private SmtpSandbox smtp;
    private ResilientProvider<EmailNotification> primary;
    private FallbackEmailProvider provider;

    @BeforeEach
    void startSandboxes() {
        sendGrid = new SendGridSandbox().start();
        smtp = new SmtpSandbox().start();
        primary = new ResilientProvider<>(new SendGridEmailAdapter(SendGridSettings.from(
                ConfigSource.of(SendGridEmailAdapterTest.sandboxConfig(sendGrid, Map.of())))), TRIP_AFTER_TWO);
        ResilientProvider<EmailNotification> fallback = new ResilientProvider<>(new SmtpEmailAdapter(SmtpSettings.from(
                ConfigSource.of(SmtpEmailAdapterTest.sandboxConfig(smtp.port())))), TRIP_AFTER_TWO);
        provider = new FallbackEmailProvider(primary, fallback);
    }

    @AfterEach
    void stopSandboxes() {
        provider.close();
        smtp.close();
        sendGrid.close();
    }

    @Test
    void shouldUseSendGridWhileItsCircuitIsClosed() {
        EmailNotification mail = email(emailAddress());

        SendOutcome outcome = provider.send(mail).join();

        assertThat(outcome).isEqualTo(new SendOutcome.Sent(sendGrid.ledger().acceptedFor(mail.getToAddress()).get(0).messageId()));
        assertThat(smtp.ledger().accepted()).isEmpty();
    }

    @Test
    void shouldSendOverSmtpWhileSendGridsCircuitIsOpen() {
        sendGrid.faults().atRate(1.0, Fault.internalError());
        provider.send(email(emailAddress())).join();
        provider.send(email(emailAddress())).join();
        EmailNotification mail = email(emailAddress());

        SendOutcome outcome = provider.send(mail).join();

        assertThat(primary.isOpen()).isTrue();
        assertThat(outcome).isEqualTo(new SendOutcome.Sent("<" + mail.getMeta().getNotificationId() + "@notify.smtp>"));
        assertThat(smtp.ledger().acceptedFor(mail.getToAddress())).hasSize(1);
        assertThat(sendGrid.ledger().attempts(mail.getToAddress())).isZero();
    }

    @Test
    void shouldKeepEmailFlowingWhileOnlySendGridsCircuitIsOpen() {
        sendGrid.faults().atRate(1.0, Fault.unavailable());
        provider.send(email(emailAddress())).join();
        provider.send(email(emailAddress())).join();

        assertThat(primary.isOpen()).isTrue();
        assertThat(provider.isOpen()).isFalse();
    }
}
