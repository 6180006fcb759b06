package io.notify.enricher.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.notify.enricher.support.Channels;
import io.notify.enricher.support.EnricherHarness;
import io.notify.runtime.deadletter.DeadLetterHeaders;
import io.notify.schemas.DeliveryState;
import io.notify.schemas.EmailNotification;
import io.notify.schemas.IosPushNotification;
import io.notify.schemas.NotificationStatus;
import io.notify.schemas.SmsNotification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every case of {@code corpus/enricher}: the declared outcome (dead letter with its reason,
 * suppression with its reason, or what is routed) must hold, and a good event sent right after
 * the bad input must still be routed, so no case stopped the topology.
 */
class EnricherCorpusTest {

    private static final String GOOD_USER = "u-good";
    static final String IOS_TOKEN = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";

    static List<EnricherCase> cases() {
        return EnricherCase.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldMeetTheDeclaredOutcomeAndKeepRouting(EnricherCase corpusCase) {
        try (EnricherHarness enricher = fixture()) {
            CorpusFeed feed = new CorpusFeed(enricher);
            corpusCase.steps().forEach(feed::play);
            enricher.waitOutContactData();

            assertOutcome(enricher, corpusCase.expected());
            assertGoodEventStillRoutes(enricher);
        }
    }

    static EnricherHarness fixture() {
        EnricherHarness enricher = EnricherHarness.start();
        enricher.user(CorpusFeed.USER, "ada@example.com", "+14155552671", "en");
        enricher.device(1, CorpusFeed.USER, "ios", IOS_TOKEN);
        enricher.user(GOOD_USER, "good@example.com", null, "en");
        Channels.orderShippedTemplates(enricher, 1, "en", "shipping");
        return enricher;
    }

    private static void assertOutcome(EnricherHarness enricher, JsonNode expected) {
        List<String> deadLetters = new ArrayList<>();
        enricher.deadLetters.readRecordsToList().forEach(record ->
                deadLetters.add(DeadLetterHeaders.read(record.headers(), DeadLetterHeaders.REASON).orElse("?")));
        assertThat(deadLetters).as("dead-letter reasons").isEqualTo(texts(expected.path("deadLetters")));

        List<NotificationStatus> statuses = enricher.status.readValuesToList();
        assertThat(suppressions(statuses)).as("suppressions").containsExactlyInAnyOrderElementsOf(texts(expected.path("suppressed")));

        List<IosPushNotification> ios = enricher.ios.readValuesToList();
        List<SmsNotification> sms = enricher.sms.readValuesToList();
        List<EmailNotification> email = enricher.email.readValuesToList();
        Map<String, Integer> routed = new TreeMap<>(Map.of("IOS", ios.size(), "ANDROID", enricher.android.readValuesToList().size(),
                "SMS", sms.size(), "EMAIL", email.size()));
        Map<String, Integer> expectedRouted = new TreeMap<>(Map.of("IOS", 0, "ANDROID", 0, "SMS", 0, "EMAIL", 0));
        expected.path("routed").fields().forEachRemaining(entry -> expectedRouted.put(entry.getKey(), entry.getValue().asInt()));
        assertThat(routed).as("routed per channel").isEqualTo(expectedRouted);

        assertSms(sms, expected.path("sms"));
        assertEmailHtml(email, expected.path("emailHtml"));
        if (expected.has("iosToken")) {
            assertThat(ios).extracting(IosPushNotification::getDeviceToken).containsOnly(expected.get("iosToken").asText());
        }
    }

    private static void assertSms(List<SmsNotification> sms, JsonNode expected) {
        if (expected.isMissingNode()) {
            return;
        }
        String body = sms.get(0).getBody();
        assertThat(body).isEqualTo(expected.path("body").asText());
        assertThat(SmsSegments.count(body)).as("SMS segments").isEqualTo(expected.path("segments").asInt());
    }

    private static void assertEmailHtml(List<EmailNotification> email, JsonNode expected) {
        if (expected.isMissingNode()) {
            return;
        }
        String html = email.get(0).getHtmlBody();
        texts(expected.path("contains")).forEach(text -> assertThat(html).contains(text));
        texts(expected.path("excludes")).forEach(text -> assertThat(html).doesNotContain(text));
    }

    private static void assertGoodEventStillRoutes(EnricherHarness enricher) {
        enricher.ship("good-after-bad-input", GOOD_USER);

        assertThat(enricher.email.readValuesToList()).as("good event after the bad input")
                .extracting(email -> email.getMeta().getUserId()).containsExactly(GOOD_USER);
    }

    private static List<String> suppressions(List<NotificationStatus> statuses) {
        return statuses.stream().filter(status -> status.getState() == DeliveryState.SUPPRESSED)
                .map(status -> status.getChannel() + ":" + status.getReason()).toList();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
