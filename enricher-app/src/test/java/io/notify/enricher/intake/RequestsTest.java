package io.notify.enricher.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.notify.contract.Topics;
import io.notify.enricher.deadletter.DeadLetterReason;
import io.notify.enricher.support.EnricherHarness;
import io.notify.runtime.deadletter.DeadLetterHeaders;
import io.notify.schemas.Content;
import io.notify.schemas.EmailNotification;
import io.notify.schemas.IosPushNotification;
import io.notify.schemas.NotificationRequested;
import io.notify.schemas.Priority;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RequestsTest {

    private EnricherHarness enricher;

    @BeforeEach
    void start() {
        enricher = EnricherHarness.start();
        enricher.user("u-1", "ada@example.com", null, "en");
        enricher.user("u-2", "grace@example.com", null, "en");
        enricher.device(1, "u-1", "ios", "token-1");
    }

    @AfterEach
    void stop() {
        enricher.close();
    }

    @Test
    void shouldFanARequestOutToEveryRecipientKeyedByUser() {
        enricher.requests.pipeInput("r-1", verbatim("r-1", List.of("u-1", "u-2")));

        assertThat(enricher.emailUrgent.readKeyValuesToList()).extracting(kv -> kv.key).containsExactlyInAnyOrder("u-1", "u-2");
    }

    @Test
    void shouldUseVerbatimContentOnEveryChannel() {
        enricher.requests.pipeInput("r-1", verbatim("r-1", List.of("u-1")));

        EmailNotification email = enricher.emailUrgent.readValue();
        assertThat(email.getSubject()).isEqualTo("Maintenance tonight");
        assertThat(email.getTextBody()).isEqualTo("We are down 2-3am.");
        assertThat(email.getHtmlBody()).isEqualTo("<p>We are down <b>2-3am</b>.</p>");
        assertThat(email.getFromAddress()).isEqualTo("ops@example.com");
        assertThat(email.getMeta().getCategory()).isEqualTo("service");
        assertThat(email.getMeta().getPriority()).isEqualTo(Priority.HIGH);
        IosPushNotification push = enricher.iosUrgent.readValue();
        assertThat(push.getTitle()).isEqualTo("Maintenance tonight");
        assertThat(push.getBody()).isEqualTo("We are down 2-3am.");
    }

    @Test
    void shouldRenderTheNamedTemplateWithTemplateData() {
        enricher.template(1, "welcome", null, "email", "en", "onboarding", "Welcome {{name}}", "Hi {{name}}", null);
        NotificationRequested request = NotificationRequested.newBuilder(verbatim("r-1", List.of("u-1")))
                .setTemplateId("welcome").setCategory(null).setTemplateData(Map.of("name", "Ada")).build();

        enricher.requests.pipeInput("r-1", request);

        EmailNotification email = enricher.emailUrgent.readValue();
        assertThat(email.getSubject()).isEqualTo("Welcome Ada");
        assertThat(email.getMeta().getCategory()).isEqualTo("onboarding");
    }

    @Test
    void shouldLetTheRequestCategoryWinOverTheTemplateCategory() {
        enricher.template(1, "welcome", null, "email", "en", "onboarding", "Welcome", "Hi", null);
        NotificationRequested request = NotificationRequested.newBuilder(verbatim("r-1", List.of("u-1")))
                .setTemplateId("welcome").setCategory("security").build();

        enricher.requests.pipeInput("r-1", request);

        assertThat(enricher.emailUrgent.readValue().getMeta().getCategory()).isEqualTo("security");
    }

    @Test
    void shouldDeadLetterARequestNamingAnUnknownTemplate() {
        NotificationRequested request = NotificationRequested.newBuilder(verbatim("r-1", List.of("u-1")))
                .setTemplateId("no-such-template").build();

        enricher.requests.pipeInput("r-1", request);

        assertThat(DeadLetterHeaders.read(enricher.deadLetters.readRecord().headers(), DeadLetterHeaders.REASON))
                .contains(DeadLetterReason.NO_TEMPLATE);
        assertThat(enricher.emailUrgent.isEmpty()).isTrue();
    }

    @Test
    void shouldDeadLetterTheOriginalRequestForAnUnknownRecipientAndServeTheOthers() {
        NotificationRequested request = verbatim("r-1", List.of("u-1", "u-404"));

        enricher.requests.pipeInput("r-1", request);
        enricher.waitOutContactData();

        assertThat(enricher.emailUrgent.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("u-1");
        TestRecord<byte[], byte[]> dead = enricher.deadLetters.readRecord();
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.REASON)).contains(DeadLetterReason.UNKNOWN_USER);
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.ORIGINAL_TOPIC)).contains(Topics.REQUESTS);
        assertThat(enricher.serdes.requests().deserializer().deserialize(Topics.REQUESTS, dead.value())).isEqualTo(request);
    }

    @Test
    void shouldServeEachUserOnlyOnceWhenARequestIsReplayed() {
        enricher.requests.pipeInput("r-1", verbatim("r-1", List.of("u-1")));
        enricher.requests.pipeInput("r-1", verbatim("r-1", List.of("u-1", "u-2")));

        assertThat(enricher.emailUrgent.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("u-1", "u-2");
    }

    /** HIGH priority: its notifications take the urgent lanes. */
    private static NotificationRequested verbatim(String eventId, List<String> to) {
        return NotificationRequested.newBuilder()
                .setEventId(eventId)
                .setTo(to)
                .setFrom("ops@example.com")
                .setSubject("Maintenance tonight")
                .setContent(List.of(
                        new Content("text/plain", "We are down 2-3am."),
                        new Content("text/html", "<p>We are down <b>2-3am</b>.</p>")))
                .setCategory("service")
                .setPriority(Priority.HIGH)
                .build();
    }
}
