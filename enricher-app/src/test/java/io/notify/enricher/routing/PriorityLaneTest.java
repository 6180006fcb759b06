package io.notify.enricher.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.notify.enricher.TopologyNames;
import io.notify.enricher.status.NotificationHistory;
import io.notify.enricher.status.NotificationLogWriter;
import io.notify.enricher.support.EnricherHarness;
import io.notify.schemas.Content;
import io.notify.schemas.EmailNotification;
import io.notify.schemas.NotificationRequested;
import io.notify.schemas.Priority;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Urgent notifications take their channel's urgent lane; the log knows them like any other. */
class PriorityLaneTest {

    private EnricherHarness enricher;

    @BeforeEach
    void start() {
        enricher = EnricherHarness.start();
        enricher.user("u-1", "ada@example.com", null, "en");
    }

    @AfterEach
    void stop() {
        enricher.close();
    }

    @Test
    void shouldRouteHighPriorityAndTransactionalNotificationsToTheUrgentLaneAndTheRestToTheChannel() {
        request("r-news", "marketing", Priority.NORMAL);
        request("r-code", "marketing", Priority.HIGH);
        request("r-alert", "security", Priority.LOW);

        assertThat(enricher.email.readValuesToList()).extracting(n -> n.getMeta().getSourceEventId()).containsExactly("r-news");
        List<EmailNotification> urgent = enricher.emailUrgent.readValuesToList();
        assertThat(urgent).extracting(n -> n.getMeta().getSourceEventId()).containsExactly("r-code", "r-alert");
        assertThat(history(urgent.get(0).getMeta().getNotificationId()).latest().state())
                .as("the log reads the urgent lane too").isEqualTo("ROUTED");
    }

    private NotificationHistory history(String notificationId) {
        ReadOnlyWindowStore<String, NotificationHistory> store = enricher.driver.getWindowStore(TopologyNames.NOTIFICATION_LOG_STORE);
        return NotificationLogWriter.find(store, notificationId, EnricherHarness.START.toEpochMilli(), Duration.ofDays(7).toMillis());
    }

    private void request(String eventId, String category, Priority priority) {
        enricher.requests.pipeInput(eventId, NotificationRequested.newBuilder()
                .setEventId(eventId).setTo(List.of("u-1")).setFrom("ops@example.com").setSubject("Hello")
                .setContent(List.of(new Content("text/plain", "Hello."))).setCategory(category).setPriority(priority)
                .build(), EnricherHarness.START);
    }
}
