package io.notify.delivery.provider.email;

import static io.notify.delivery.provider.SampleNotifications.email;
import static io.notify.delivery.provider.SampleNotifications.emailAddress;
import static org.assertj.core.api.Assertions.assertThat;

import io.notify.delivery.provider.SendOutcome;
import io.notify.runtime.config.ConfigSource;
import io.notify.sandbox.Fault;
import io.notify.sandbox.smtp.SmtpSandbox;
import io.notify.schemas.EmailNotification;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SmtpEmailAdapterTest {

    private static SmtpSandbox sandbox;
    private static SmtpEmailAdapter adapter;

    @BeforeAll
    static void startSandbox() {
        sandbox = new SmtpSandbox().start();
        adapter = new SmtpEmailAdapter(SmtpSettings.from(ConfigSource.of(sandboxConfig(sandbox.port()))));
    }

    @AfterAll
    static void stopSandbox() {
        adapter.close();
        sandbox.close();
    }

    @Test
    void shouldSendWithAMessageIdDerivedFromTheNotificationId() {
        EmailNotification mail = email(emailAddress());

        SendOutcome outcome = adapter.send(mail).join();

        String messageId = "<" + mail.getMeta().getNotificationId() + "@notify.smtp>";
        assertThat(outcome).isEqualTo(new SendOutcome.Sent(messageId));
        assertThat(sandbox.ledger().acceptedFor(mail.getToAddress())).singleElement()
                .satisfies(accepted -> {
                    assertThat(accepted.messageId()).isEqualTo(messageId);
                    assertThat(accepted.notificationId()).isEqualTo(mail.getMeta().getNotificationId());
                });
    }

    @Test
    void shouldClassifyARefusedRecipientAsRecipientInvalid() {
        String address = emailAddress();
        sandbox.faults().forRecipient(address, Fault.unregistered());

        assertThat(adapter.send(email(address)).join()).isEqualTo(new SendOutcome.RecipientInvalid("smtp:550"));
    }

    @Test
    void shouldRetryATemporarilyRefusedRecipient() {
        String address = emailAddress();
        sandbox.faults().forRecipient(address, Fault.unavailable());

        assertThat(adapter.send(email(address)).join()).isEqualTo(new SendOutcome.Retryable("smtp:451"));
    }

    @Test
    void shouldRetryWhenNoSmtpServerAnswers() throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        try (SmtpEmailAdapter nowhere = new SmtpEmailAdapter(SmtpSettings.from(ConfigSource.of(sandboxConfig(closedPort))))) {
            assertThat(nowhere.send(email(emailAddress())).join()).isEqualTo(new SendOutcome.Retryable("smtp:connection"));
        }
    }

    static Map<String, String> sandboxConfig(int port) {
        return Map.of("smtp.host", "127.0.0.1", "smtp.port", Integer.toString(port), "smtp.timeout", "2000");
    }
}
