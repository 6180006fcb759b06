package io.notify.enricher.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import io.notify.contract.Topics;
import io.notify.enricher.EnricherApp;
import io.notify.enricher.support.ReadyEnricher;
import io.notify.enricher.support.StackClient;
import io.notify.runtime.config.ConfigSource;
import io.notify.runtime.serde.AvroSerdes;
import io.notify.schemas.Channel;
import io.notify.schemas.Content;
import io.notify.schemas.EmailNotification;
import io.notify.schemas.NotificationRequested;
import io.notify.stack.LocalStackExtension;
import io.notify.stack.StackEndpoints;
import io.notify.stack.TemporaryDirectory;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A held notification outlives the instance that held it: the enricher holding it stops, one
 * with an empty state directory (a new machine) takes over the application, restores the
 * schedule from its changelog, and sends it once, when it is due.
 */
@ExtendWith(LocalStackExtension.class)
class HeldAcrossRestartIT {

    private static final Duration WITHIN = Duration.ofSeconds(90);

    @Test
    void shouldSendAHeldNotificationOnceWhenDueAfterItsInstanceIsGone(StackEndpoints stack) throws Exception {
        StackClient client = new StackClient(stack);
        String applicationId = "held-restart-it-" + UUID.randomUUID();
        String user = "u-" + UUID.randomUUID();
        client.execute("INSERT INTO users (id, email, locale) VALUES (?, ?, 'en')", user, user + "@example.com");

        Instant sendAt;
        try (TemporaryDirectory first = TemporaryDirectory.create("held-restart-it-1");
             EnricherApp holding = start(stack, applicationId, first)) {
            Awaitility.await("the user in the enricher").atMost(WITHIN).pollInterval(Duration.ofMillis(250))
                    .until(() -> client.get(holding, "/users/" + user).statusCode() == 200);
            sendAt = Instant.now().plusSeconds(40).truncatedTo(ChronoUnit.MILLIS);
            request(stack, user, sendAt);
            Awaitility.await("the HELD email in the log").atMost(WITHIN).pollInterval(Duration.ofMillis(250))
                    .until(() -> client.get(holding, "/users/" + user + "/notifications").body().contains("\"state\":\"HELD\""));
        }
        assertThat(Instant.now()).as("the first instance is gone before the notification is due").isBefore(sendAt);

        try (TemporaryDirectory second = TemporaryDirectory.create("held-restart-it-2");
             EnricherApp takingOver = start(stack, applicationId, second)) {
            Awaitility.await("the email, released by the second instance").atMost(WITHIN).pollInterval(Duration.ofSeconds(1))
                    .until(() -> !emailsOf(client, user).isEmpty());
            assertThat(Instant.now()).as("not before its send-at").isAfterOrEqualTo(sendAt);
            Thread.sleep(3_000);
            assertThat(emailsOf(client, user)).as("sent once").singleElement()
                    .satisfies(email -> assertThat(email.getMeta().getSendAt()).isEqualTo(sendAt));
        }
    }

    private static List<EmailNotification> emailsOf(StackClient client, String user) {
        return client.read(Topics.channel(Channel.EMAIL), EmailNotification.class, user, Duration.ofSeconds(2));
    }

    private static EnricherApp start(StackEndpoints stack, String applicationId, TemporaryDirectory stateDirectory) {
        Map<String, String> settings = new HashMap<>(stack.config().asMap());
        settings.put("enricher.application.id", applicationId);
        settings.put("enricher.state.dir", stateDirectory.path().toString());
        settings.put("enricher.http.port", "0");
        EnricherApp enricher = EnricherApp.start(ConfigSource.of(settings));
        ReadyEnricher.await(enricher, WITHIN);
        return enricher;
    }

    private static void request(StackEndpoints stack, String user, Instant sendAt) {
        NotificationRequested request = NotificationRequested.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setTo(List.of(user)).setFrom("shop@example.com")
                .setSubject("Your parcel").setContent(List.of(new Content("text/plain", "It arrives tomorrow.")))
                .setCategory("shipping").setSendAt(sendAt).build();
        try (KafkaProducer<String, NotificationRequested> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", stack.bootstrapServers()), new StringSerializer(),
                new AvroSerdes(stack.registryUrl()).specific(NotificationRequested.class).serializer())) {
            producer.send(new ProducerRecord<>(Topics.REQUESTS, user, request));
        }
    }
}
