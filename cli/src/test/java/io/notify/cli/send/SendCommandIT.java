package io.notify.cli.send;

import static org.assertj.core.api.Assertions.assertThat;

import io.notify.cli.CliRun;
import io.notify.contract.Topics;
import io.notify.events.shop.OrderShipped;
import io.notify.runtime.serde.AvroSerdes;
import io.notify.stack.LocalStackExtension;
import io.notify.stack.StackEndpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** `send` and the user-database commands, against the real stack, as a second terminal would use them. */
@ExtendWith(LocalStackExtension.class)
class SendCommandIT {

    @TempDir
    Path workingDirectory;

    @Test
    void shouldPublishARegistryEncodedEventForAUserAddedThroughTheCli(StackEndpoints stack) throws Exception {
        String user = "u-" + UUID.randomUUID();
        String eventId = "e-" + UUID.randomUUID();

        CliRun added = CliRun.against(stack, workingDirectory, "users", "add", "--id", user, "--email", "a@example.com");
        CliRun sent = CliRun.against(stack, workingDirectory, "send", "order-shipped", "--user", user, "--order", "o-1",
                "--event-id", eventId, "--json");

        assertThat(added.exitCode()).as(added.output()).isZero();
        assertThat(sent.exitCode()).as(sent.output()).isZero();
        assertThat(sent.output()).contains("\"topic\":\"events.shop\"").contains(eventId);
        OrderShipped event = readOrderShipped(stack, eventId);
        assertThat(event.getUserId()).isEqualTo(user);
        assertThat(event.getOrderId()).isEqualTo("o-1");
    }

    @Test
    void shouldRefuseAnUnknownUserWithAClearMessage(StackEndpoints stack) throws Exception {
        CliRun sent = CliRun.against(stack, workingDirectory, "send", "order-shipped", "--user", "u-nobody", "--order", "o-1");

        assertThat(sent.exitCode()).isNotZero();
        assertThat(sent.output()).contains("unknown user u-nobody");
    }

    @Test
    void shouldSayTheClusterIsUnreachable(StackEndpoints stack) throws Exception {
        CliRun sent = CliRun.against(stack, workingDirectory, "send", "order-shipped", "--user", "u-1", "--order", "o-1",
                "--skip-user-check", "--bootstrap-servers", "127.0.0.1:1");

        assertThat(sent.exitCode()).isNotZero();
        assertThat(sent.output()).contains("cannot reach Kafka at 127.0.0.1:1");
    }

    @Test
    void shouldPublishARecordFromAJsonFile(StackEndpoints stack) throws Exception {
        String user = "u-" + UUID.randomUUID();
        String eventId = "e-" + UUID.randomUUID();
        CliRun.against(stack, workingDirectory, "users", "add", "--id", user);
        Path file = workingDirectory.resolve("event.json");
        Files.writeString(file, """
                {"type": "io.notify.events.shop.OrderShipped",
                 "value": {"eventId": "%s", "occurredAt": "2026-11-27T10:00:00Z", "userId": "%s",
                           "orderId": "o-7", "carrier": "UPS", "trackingNumber": "1Z"}}""".formatted(eventId, user));

        CliRun sent = CliRun.against(stack, workingDirectory, "send", "file", file.toString());

        assertThat(sent.exitCode()).as(sent.output()).isZero();
        assertThat(readOrderShipped(stack, eventId).getCarrier()).isEqualTo("UPS");
    }

    private static OrderShipped readOrderShipped(StackEndpoints stack, String eventId) {
        AvroSerdes serdes = new AvroSerdes(stack.registryUrl());
        try (KafkaConsumer<String, OrderShipped> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", stack.bootstrapServers(), "group.id", "send-it-" + UUID.randomUUID(),
                "auto.offset.reset", "earliest"), new StringDeserializer(), serdes.specific(OrderShipped.class).deserializer())) {
            consumer.subscribe(List.of(Topics.EVENTS_SHOP));
            Instant deadline = Instant.now().plusSeconds(20);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, OrderShipped> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value().getEventId().equals(eventId)) {
                        return record.value();
                    }
                }
            }
        }
        throw new AssertionError("event " + eventId + " not on " + Topics.EVENTS_SHOP);
    }
}
