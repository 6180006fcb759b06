package io.notify.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notify.sandbox.fcm.FcmSandbox;
import io.notify.sandbox.sendgrid.SendGridSandbox;
import io.notify.sandbox.twilio.TwilioSandbox;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The sandboxes' wire answers, checked over raw HTTP as a provider client would see them. */
class SandboxProtocolTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldListAcceptedFcmMessagesAsJson() throws Exception {
        try (FcmSandbox fcm = new FcmSandbox().start()) {
            HttpResponse<String> sent = fcmSend(fcm, "token-1");

            JsonNode accepted = JSON.readTree(get(fcm.baseUrl() + "/accepted").body());

            assertThat(sent.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(sent.body()).path("name").asText())
                    .isEqualTo("projects/" + fcm.projectId() + "/messages/" + accepted.path(0).path("messageId").asText());
            assertThat(accepted.path(0).path("recipient").asText()).isEqualTo("token-1");
        }
    }

    @Test
    void shouldPlayAFaultPostedOverHttpInGooglesErrorEnvelope() throws Exception {
        try (FcmSandbox fcm = new FcmSandbox().start()) {
            post(fcm.baseUrl() + "/faults", "{\"kind\":\"UNREGISTERED\",\"recipient\":\"token-2\"}");

            HttpResponse<String> refused = fcmSend(fcm, "token-2");

            JsonNode error = JSON.readTree(refused.body()).path("error");
            assertThat(refused.statusCode()).isEqualTo(404);
            assertThat(error.path("status").asText()).isEqualTo("NOT_FOUND");
            assertThat(error.path("details").path(0).path("errorCode").asText()).isEqualTo("UNREGISTERED");
        }
    }

    @Test
    void shouldAcceptAfterTheInjectedLatency() throws Exception {
        try (FcmSandbox fcm = new FcmSandbox().start()) {
            fcm.faults().forRecipient("slow", Fault.latency(Duration.ofMillis(300)));

            long start = System.nanoTime();
            HttpResponse<String> sent = fcmSend(fcm, "slow");

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            assertThat(sent.statusCode()).isEqualTo(200);
            assertThat(fcm.ledger().acceptedFor("slow")).hasSize(1);
        }
    }

    @Test
    void shouldAnswerAnInvalidToNumberWithTwiliosErrorBody() throws Exception {
        try (TwilioSandbox twilio = new TwilioSandbox().start()) {
            String auth = Base64.getEncoder().encodeToString((twilio.accountSid() + ":" + twilio.authToken()).getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(
                            URI.create(twilio.baseUrl() + "/2010-04-01/Accounts/" + twilio.accountSid() + "/Messages.json"))
                    .header("Authorization", "Basic " + auth)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("To=12345&From=%2B15005550006&Body=hi"))
                    .build(), HttpResponse.BodyHandlers.ofString());

            JsonNode error = JSON.readTree(refused.body());
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(error.path("code").asInt()).isEqualTo(21211);
            assertThat(error.path("status").asInt()).isEqualTo(400);
            assertThat(error.path("more_info").asText()).isEqualTo("https://www.twilio.com/docs/errors/21211");
        }
    }

    @Test
    void shouldAcceptSendGridMailWith202AndXMessageId() throws Exception {
        try (SendGridSandbox sendGrid = new SendGridSandbox().start()) {
            HttpResponse<String> accepted = HTTP.send(HttpRequest.newBuilder(URI.create(sendGrid.baseUrl() + "/v3/mail/send"))
                    .header("Authorization", "Bearer " + sendGrid.apiKey())
                    .POST(HttpRequest.BodyPublishers.ofString("{\"personalizations\":[{\"to\":[{\"email\":\"a@example.com\"}]}],"
                            + "\"from\":{\"email\":\"shop@example.com\"},\"subject\":\"s\",\"content\":[{\"type\":\"text/plain\",\"value\":\"v\"}]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(accepted.statusCode()).isEqualTo(202);
            assertThat(accepted.headers().firstValue("X-Message-Id")).contains(sendGrid.ledger().accepted().get(0).messageId());
        }
    }

    @Test
    void shouldStartAllSandboxesAndExposeClientSettings() throws Exception {
        try (Sandboxes sandboxes = Sandboxes.start()) {
            SandboxEndpoints endpoints = sandboxes.endpoints();

            assertThat(endpoints.apnsPort()).isPositive();
            assertThat(get(endpoints.apnsControlUrl() + "/accepted").body()).isEqualTo("[]");
            assertThat(endpoints.asConfig()).containsEntry("fcm.endpoint", sandboxes.fcm().baseUrl())
                    .containsEntry("twilio.account.sid", sandboxes.twilio().accountSid())
                    .containsKeys("apns.key.file", "apns.trusted.certificate.file", "sendgrid.api.key");
        }
    }

    private static HttpResponse<String> fcmSend(FcmSandbox fcm, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(fcm.baseUrl() + "/v1/projects/" + fcm.projectId() + "/messages:send"))
                .header("Authorization", "Bearer " + fcm.accessToken())
                .POST(HttpRequest.BodyPublishers.ofString("{\"message\":{\"token\":\"" + token + "\"}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void post(String url, String json) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(201);
    }
}
