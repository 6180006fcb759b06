package io.notify.enricher;

import static org.assertj.core.api.Assertions.assertThat;

import io.notify.enricher.metrics.EnricherMetrics;
import io.notify.enricher.support.InMemorySchemaRegistry;
import io.notify.enricher.support.TestSerdes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

class TopologyShapeTest {

    @Test
    void shouldNameEveryStoreItDeclares() {
        EnricherSettings settings = EnricherSettings.defaults();
        TopologyDescription description = EnricherTopology.build(new StreamsBuilder(), settings,
                new TestSerdes(new InMemorySchemaRegistry()), new EnricherMetrics(new SimpleMeterRegistry()),
                EnricherStreamsConfig.topology(settings)).describe();

        String text = description.toString();
        for (String store : new String[] {TopologyNames.USERS_STORE, TopologyNames.DEVICES_STORE,
                TopologyNames.SETTINGS_STORE, TopologyNames.HELD_EVENTS_STORE, TopologyNames.SETTLING_USERS_STORE,
                TopologyNames.DEVICE_OWNERS_STORE, TopologyNames.SETTING_OWNERS_STORE, TopologyNames.TEMPLATES_STORE, TopologyNames.DEDUPE_STORE,
                TopologyNames.RATE_LIMIT_STORE, TopologyNames.NOTIFICATION_LOG_STORE, TopologyNames.USER_NOTIFICATIONS_STORE}) {
            assertThat(text).contains(store);
        }
        assertThat(text).doesNotContain("KSTREAM-").doesNotContain("KTABLE-");
    }
}
