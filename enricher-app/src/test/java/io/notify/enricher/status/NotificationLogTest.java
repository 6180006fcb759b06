package io.notify.enricher.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.notify.enricher.TopologyNames;
import io.notify.enricher.query.NotificationQueries;
import io.notify.enricher.support.DriverStores;
import io.notify.enricher.support.EnricherHarness;
import io.notify.schemas.Channel;
import io.notify.schemas.DeliveryState;
import io.notify.schemas.NotificationStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NotificationLogTest {

    private static final Instant T0 = EnricherHarness.START;

    private EnricherHarness enricher;

    @BeforeEach
    void start() {
        enricher = EnricherHarness.start(Map.of("enricher.notification.log.history", "3",
                "enricher.notification.log.recent.per.user", "2"));
    }

    @AfterEach
    void stop() {
        enricher.close();
    }

    @Test
    void shouldFoldStatusesIntoTheHistoryOfTheirNotification() {
        publish("n-1", "u-1", DeliveryState.ROUTED, T0);
        publish("n-1", "u-1", DeliveryState.SENT, T0.plusSeconds(1));
        publish("n-1", "u-1", DeliveryState.DELIVERED, T0.plusSeconds(2));

        NotificationHistory history = history("n-1");
        assertThat(history.statuses()).extracting(StatusEntry::state).containsExactly("ROUTED", "SENT", "DELIVERED");
        assertThat(history.latest().state()).isEqualTo("DELIVERED");
    }

    @Test
    void shouldOrderHistoryByOccurrenceWhenStatusesArriveOutOfOrder() {
        publish("n-1", "u-1", DeliveryState.ROUTED, T0);
        publish("n-1", "u-1", DeliveryState.DELIVERED, T0.plusSeconds(5));
        publish("n-1", "u-1", DeliveryState.SENT, T0.plusSeconds(1));

        assertThat(history("n-1").latest().state()).isEqualTo("DELIVERED");
    }

    @Test
    void shouldKeepOnlyTheNewestStatusesBeyondTheHistoryCap() {
        publish("n-1", "u-1", DeliveryState.ROUTED, T0);
        for (int attempt = 1; attempt <= 4; attempt++) {
            publish("n-1", "u-1", DeliveryState.RETRYING, T0.plusSeconds(attempt));
        }

        assertThat(history("n-1").statuses()).hasSize(3).extracting(StatusEntry::state).containsOnly("RETRYING");
    }

    @Test
    void shouldListAUsersMostRecentNotificationsWithTheirLatestStateUpToTheCap() {
        publish("n-1", "u-1", DeliveryState.ROUTED, T0);
        publish("n-2", "u-1", DeliveryState.ROUTED, T0.plusSeconds(1));
        publish("n-3", "u-1", DeliveryState.ROUTED, T0.plusSeconds(2));
        publish("n-2", "u-1", DeliveryState.OPENED, T0.plusSeconds(3));
        publish("n-9", "u-2", DeliveryState.ROUTED, T0.plusSeconds(4));

        assertThat(notificationsOf("u-1")).extracting(StatusEntry::notificationId, StatusEntry::state)
                .containsExactly(tuple("n-2", "OPENED"), tuple("n-3", "ROUTED"));
        assertThat(notificationsOf("u-2")).extracting(StatusEntry::notificationId).containsExactly("n-9");
    }

    @Test
    void shouldKeepTheNewestStateOfANotificationWhenAnOlderStatusArrivesLate() {
        publish("n-1", "u-1", DeliveryState.ROUTED, T0);
        publish("n-1", "u-1", DeliveryState.DELIVERED, T0.plusSeconds(5));
        publish("n-1", "u-1", DeliveryState.SENT, T0.plusSeconds(1));

        assertThat(notificationsOf("u-1")).extracting(StatusEntry::state).containsExactly("DELIVERED");
    }

    @Test
    void shouldNotMixUsersWhoseIdsShareAPrefix() {
        publish("n-1", "u-1", DeliveryState.ROUTED, T0);
        publish("n-10", "u-10", DeliveryState.ROUTED, T0.plusSeconds(1));
        publish("n-11", "u-1x", DeliveryState.ROUTED, T0.plusSeconds(2));

        assertThat(notificationsOf("u-1")).extracting(StatusEntry::notificationId).containsExactly("n-1");
        assertThat(notificationsOf("u-10")).extracting(StatusEntry::notificationId).containsExactly("n-10");
    }

    private List<StatusEntry> notificationsOf(String userId) {
        NotificationQueries queries = new NotificationQueries(new DriverStores(enricher.driver),
                Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC), Duration.ofDays(7), 2);
        return queries.notificationsOf(userId).orElse(List.of());
    }

    private NotificationHistory history(String notificationId) {
        ReadOnlyWindowStore<String, NotificationHistory> store = enricher.driver.getWindowStore(TopologyNames.NOTIFICATION_LOG_STORE);
        return NotificationLogWriter.find(store, notificationId, T0.toEpochMilli(), Duration.ofDays(7).toMillis());
    }

    private void publish(String notificationId, String userId, DeliveryState state, Instant at) {
        enricher.statusIn.pipeInput(notificationId, NotificationStatus.newBuilder()
                .setNotificationId(notificationId).setUserId(userId).setChannel(Channel.EMAIL).setState(state)
                .setOccurredAt(at).build(), at);
    }
}
