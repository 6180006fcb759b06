package io.notify.runtime.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.notify.events.shop.OrderShipped;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

class RegistryBoundSerializerTest {

    private static final int THREADS = 8;

    @Test
    void shouldRegisterASchemaOnceWhenManyThreadsSerializeItFirstAtTheSameTime() throws Exception {
        CachingAfterRegistration registry = new CachingAfterRegistration();
        Serializer<OrderShipped> serializer = new RegistryBoundSerializer<>(registry, "http://registry.invalid");
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<byte[]>> results = IntStream.range(0, THREADS)
                    .mapToObj(n -> threads.submit(() -> {
                        start.await();
                        return serializer.serialize("events.shop", event("ev-" + n));
                    }))
                    .toList();
            start.countDown();
            for (Future<byte[]> result : results) {
                assertThat(result.get(10, TimeUnit.SECONDS)).isNotEmpty();
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(registry.registrations.get()).isEqualTo(1);
        assertThat(registry.serializations.get()).isEqualTo(THREADS);
    }

    private static OrderShipped event(String eventId) {
        return OrderShipped.newBuilder().setEventId(eventId).setOccurredAt(Instant.now()).setUserId("u-1")
                .setOrderId("o-1").setCarrier("DHL").setTrackingNumber("JD1").build();
    }

    /** Like the registry client: a schema is cached only once its registration (slow) has returned. */
    private static final class CachingAfterRegistration implements Serializer<OrderShipped> {

        private final AtomicInteger registrations = new AtomicInteger();
        private final AtomicInteger serializations = new AtomicInteger();
        private volatile boolean cached;

        @Override
        public byte[] serialize(String topic, OrderShipped data) {
            if (!cached) {
                registrations.incrementAndGet();
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                cached = true;
            }
            serializations.incrementAndGet();
            return new byte[] {0, 0, 0, 0, 1};
        }
    }
}
