package io.notify.delivery.provider.tracking;

import static io.notify.delivery.provider.SampleNotifications.email;
import static io.notify.delivery.provider.SampleNotifications.emailAddress;
import static io.notify.delivery.provider.SampleNotifications.phoneNumber;
import static io.notify.delivery.provider.SampleNotifications.sms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.notify.delivery.provider.SendOutcome;
import io.notify.delivery.provider.email.SendGridEmailAdapter;
import io.notify.delivery.provider.email.SendGridSettings;
import io.notify.delivery.provider.sms.TwilioSettings;
import io.notify.delivery.provider.sms.TwilioSmsAdapter;
import io.notify.runtime.config.ConfigSource;
import io.notify.sandbox.AcceptedRequest;
import io.notify.sandbox.Sandboxes;
import io.notify.sandbox.sendgrid.EventWebhookSigner;
import io.notify.sandbox.sendgrid.SendGridSandbox;
import io.notify.sandbox.twilio.TwilioSandbox;
import io.notify.sandbox.twilio.TwilioSignature;
import io.notify.schemas.DeliveryState;
import io.notify.schemas.EmailNotification;
import io.notify.schemas.NotificationStatus;
import io.notify.schemas.SmsNotification;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrackingServerTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<NotificationStatus> STATUSES = new CopyOnWriteArrayList<>();

    private static SendGridSandbox sendGrid;
    private static TwilioSandbox twilio;
    private static SendGridEmailAdapter emailAdapter;
    private static TwilioSmsAdapter smsAdapter;
    private static TrackingServer tracking;
    private static String baseUrl;

    @BeforeAll
    static void start() throws IOException {
        sendGrid = new SendGridSandbox().start();
        twilio = new TwilioSandbox().start();
        int port = freePort();
        baseUrl = "http://127.0.0.1:" + port;
        tracking = TrackingServer.start(new TrackingSettings("127.0.0.1", port, baseUrl,
                Optional.of(sendGrid.webhookSigner().verificationKey()), Optional.of(twilio.authToken()),
                Duration.ofMinutes(10), 1000), STATUSES::add);
        emailAdapter = new SendGridEmailAdapter(SendGridSettings.from(ConfigSource.of(Map.of(
                "sendgrid.endpoint", sendGrid.baseUrl(), "sendgrid.api.key", sendGrid.apiKey()))));
        smsAdapter = new TwilioSmsAdapter(TwilioSettings.from(ConfigSource.of(Map.of(
                "twilio.endpoint", twilio.baseUrl(),
                "twilio.account.sid", twilio.accountSid(),
                "twilio.auth.token", twilio.authToken(),
                "twilio.from", Sandboxes.TWILIO_FROM,
                "twilio.status.callback.url", baseUrl + TrackingSettings.TWILIO_PATH))));
    }

    @AfterAll
    static void stop() {
        smsAdapter.close();
        emailAdapter.close();
        tracking.close();
        twilio.close();
        sendGrid.close();
    }

    @BeforeEach
    void forgetStatuses() {
        STATUSES.clear();
    }

    @Test
    void shouldRejectAnUnsignedSendGridWebhook() throws Exception {
        String body = events(sentEmail(), "delivered");

        assertThat(postSendGrid(body, Optional.empty())).isEqualTo(401);
        assertThat(STATUSES).isEmpty();
    }

    @Test
    void shouldRejectASendGridWebhookSignedWithAnotherKey() throws Exception {
        String body = events(sentEmail(), "delivered");

        assertThat(postSendGrid(body, Optional.of(new EventWebhookSigner().sign(body)))).isEqualTo(403);
        assertThat(STATUSES).isEmpty();
    }

    @Test
    void shouldRejectATamperedSendGridWebhook() throws Exception {
        String body = events(sentEmail(), "delivered");
        EventWebhookSigner.SignedHeaders signed = sendGrid.webhookSigner().sign(body);

        assertThat(postSendGrid(body.replace("delivered", "click"), Optional.of(signed))).isEqualTo(403);
        assertThat(STATUSES).isEmpty();
    }

    @Test
    void shouldTurnSignedSendGridEventsIntoStatuses() throws Exception {
        EmailNotification mail = email(emailAddress());
        String messageId = ((SendOutcome.Sent) emailAdapter.send(mail).join()).providerMessageId();
        String body = events(sendGrid.ledger().acceptedFor(mail.getToAddress()).get(0), "processed", "delivered", "open", "click", "bounce");

        assertThat(postSendGrid(body, Optional.of(sendGrid.webhookSigner().sign(body)))).isEqualTo(200);

        assertThat(STATUSES).extracting(NotificationStatus::getState)
                .containsExactly(DeliveryState.DELIVERED, DeliveryState.OPENED, DeliveryState.CLICKED, DeliveryState.FAILED);
        assertThat(STATUSES).allSatisfy(status -> {
            assertThat(status.getNotificationId()).isEqualTo(mail.getMeta().getNotificationId());
            assertThat(status.getUserId()).isEqualTo(mail.getMeta().getUserId());
            assertThat(status.getProvider()).isEqualTo("sendgrid");
            assertThat(status.getProviderMessageId()).isEqualTo(messageId);
        });
        assertThat(STATUSES.get(3).getReason()).isEqualTo("sendgrid:bounce");
    }

    @Test
    void shouldDropARedeliveredSendGridEvent() throws Exception {
        String body = events(sentEmail(), "delivered");

        postSendGrid(body, Optional.of(sendGrid.webhookSigner().sign(body)));
        postSendGrid(body, Optional.of(sendGrid.webhookSigner().sign(body)));

        assertThat(STATUSES).hasSize(1);
    }

    @Test
    void shouldRejectAForgedTwilioStatusCallback() throws Exception {
        String url = baseUrl + TrackingSettings.TWILIO_PATH + "?notificationId=n-1&userId=u-1";
        Map<String, String> form = Map.of("MessageSid", "SM1", "MessageStatus", "delivered");
        String forged = new TwilioSignature("not-the-auth-token").sign(url, form);

        HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", forged)
                .POST(HttpRequest.BodyPublishers.ofString("MessageSid=SM1&MessageStatus=delivered"))
                .build(), HttpResponse.BodyHandlers.discarding());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(STATUSES).isEmpty();
    }

    @Test
    void shouldTurnASignedTwilioDeliveryCallbackIntoADeliveredStatus() throws Exception {
        SmsNotification message = sms(phoneNumber());
        String sid = ((SendOutcome.Sent) smsAdapter.send(message).join()).providerMessageId();

        assertThat(twilio.postStatusCallback(sid, "delivered")).isEqualTo(204);

        await().atMost(Duration.ofSeconds(2)).until(() -> STATUSES.size() == 1);
        NotificationStatus status = STATUSES.get(0);
        assertThat(status.getState()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(status.getNotificationId()).isEqualTo(message.getMeta().getNotificationId());
        assertThat(status.getUserId()).isEqualTo(message.getMeta().getUserId());
        assertThat(status.getProvider()).isEqualTo("twilio");
        assertThat(status.getProviderMessageId()).isEqualTo(sid);
    }

    @Test
    void shouldMarkAnUndeliveredSmsAsFailedWithTwilioErrorCode() throws Exception {
        SmsNotification message = sms(phoneNumber());
        String sid = ((SendOutcome.Sent) smsAdapter.send(message).join()).providerMessageId();

        assertThat(twilio.postStatusCallback(sid, "undelivered")).isEqualTo(204);

        await().atMost(Duration.ofSeconds(2)).until(() -> STATUSES.size() == 1);
        assertThat(STATUSES.get(0).getState()).isEqualTo(DeliveryState.FAILED);
        assertThat(STATUSES.get(0).getReason()).isEqualTo("twilio:30003");
    }

    private static AcceptedRequest sentEmail() {
        EmailNotification mail = email(emailAddress());
        emailAdapter.send(mail).join();
        return sendGrid.ledger().acceptedFor(mail.getToAddress()).get(0);
    }

    private static String events(AcceptedRequest accepted, String... types) {
        return Stream.of(types).map(type -> sendGrid.event(accepted, type).toString())
                .reduce((a, b) -> a + "," + b).map(list -> "[" + list + "]").orElse("[]");
    }

    private static int postSendGrid(String body, Optional<EventWebhookSigner.SignedHeaders> signed) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + TrackingSettings.SENDGRID_PATH))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        signed.ifPresent(headers -> request
                .header(EventWebhookSigner.SIGNATURE_HEADER, headers.signature())
                .header(EventWebhookSigner.TIMESTAMP_HEADER, headers.timestamp()));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
