package io.notify.runtime.serde;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.notify.events.shop.OrderShipped;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Instant;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AvroSerdesTest {

    private String registryUrl;

    @BeforeEach
    void pointAtARegistryThatIsNotThere() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            registryUrl = "http://127.0.0.1:" + socket.getLocalPort() + "/apis/registry/v3";
        }
    }

    @Test
    void shouldTellAProducerThatTheRegistryIsUnreachableWithoutQuotingTheRecord() {
        Serializer<OrderShipped> serializer = new AvroSerdes(registryUrl).specific(OrderShipped.class).serializer();
        OrderShipped event = OrderShipped.newBuilder().setEventId("e-1").setOccurredAt(Instant.now()).setUserId("u-private")
                .setOrderId("o-1").setCarrier("DHL").setTrackingNumber("1Z").build();

        assertThatThrownBy(() -> serializer.serialize("events.shop", event))
                .isInstanceOf(SchemaRegistryUnavailableException.class)
                .hasMessageStartingWith("the schema registry at " + registryUrl + " is unreachable")
                .hasMessageContaining("io.notify.events.shop.OrderShipped")
                .hasMessageNotContaining("u-private");
    }

    @Test
    void shouldTellAConsumerThatTheRegistryIsUnreachableForASchemaItHasNotCached() {
        Deserializer<GenericRecord> deserializer = new AvroSerdes(registryUrl).generic().deserializer();
        byte[] confluentFramedContentId7 = {0, 0, 0, 0, 7, 2, 'x'};

        assertThatThrownBy(() -> deserializer.deserialize("events.shop", confluentFramedContentId7))
                .isInstanceOf(SchemaRegistryUnavailableException.class)
                .hasMessageContaining("is unreachable")
                .hasMessageContaining("events.shop");
    }
}
