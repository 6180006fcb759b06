package io.notify.enricher.recipients;

import static org.assertj.core.api.Assertions.assertThat;

import io.notify.enricher.support.Channels;
import io.notify.enricher.support.EnricherHarness;
import io.notify.schemas.IosPushNotification;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A user with 20,000 devices gets 20,000 pushes, and a change to one of them costs one store
 * entry: no record grows with the number of devices, so other users' events keep flowing.
 */
class ManyDevicesTest {

    private static final int DEVICES = 20_000;

    @Test
    void shouldPushToEveryDeviceOfAUserWithTwentyThousandAndKeepRoutingOthers() {
        try (EnricherHarness enricher = EnricherHarness.start()) {
            Channels.orderShippedTemplates(enricher, 1, "en", "shipping");
            enricher.user("u-many", null, null, "en");
            enricher.user("u-other", "other@example.com", null, "en");

            long loading = System.nanoTime();
            for (int id = 1; id <= DEVICES; id++) {
                enricher.device(id, "u-many", "ios", "token-" + id);
                if (id % 5_000 == 0) {
                    enricher.ship("other-" + id, "u-other");
                }
            }
            long loaded = System.nanoTime();
            enricher.ship("e-many", "u-many");
            long routed = System.nanoTime();
            enricher.ship("e-other", "u-other");

            List<IosPushNotification> pushes = enricher.ios.readValuesToList();
            Set<String> tokens = new HashSet<>();
            pushes.forEach(p -> tokens.add(p.getDeviceToken()));
            assertThat(pushes).hasSize(DEVICES);
            assertThat(tokens).hasSize(DEVICES);
            assertThat(enricher.email.readValuesToList()).as("the other user, during and after the load")
                    .extracting(e -> e.getMeta().getSourceEventId())
                    .containsExactly("other-5000", "other-10000", "other-15000", "other-20000", "e-other");
            assertThat(enricher.driver.getKeyValueStore(io.notify.enricher.TopologyNames.DEVICES_STORE).approximateNumEntries())
                    .as("one store entry per device").isGreaterThanOrEqualTo(DEVICES);
            System.out.printf("many devices: %d device rows in %d ms (%.1f µs each), one event to all of them in %d ms%n",
                    DEVICES, (loaded - loading) / 1_000_000, (loaded - loading) / 1_000.0 / DEVICES, (routed - loaded) / 1_000_000);
        }
    }
}
