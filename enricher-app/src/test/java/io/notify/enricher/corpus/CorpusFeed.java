package io.notify.enricher.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import io.notify.contract.Topics;
import io.notify.enricher.support.EnricherHarness;
import io.notify.events.shop.OrderShipped;
import io.notify.schemas.NotificationRequested;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** Plays a corpus case's steps into the enricher's topology: raw bytes, events, requests, CDC rows. */
final class CorpusFeed {

    static final String USER = "u-1";

    private final EnricherHarness enricher;

    CorpusFeed(EnricherHarness enricher) {
        this.enricher = enricher;
    }

    void play(JsonNode step) {
        switch (step.path("type").asText()) {
            case "bytes" -> enricher.rawShopEvents.pipeInput(key(step), bytes(step));
            case "reframed" -> enricher.rawShopEvents.pipeInput(key(step), reframed(step));
            case "nullValue" -> enricher.rawShopEvents.pipeInput(key(step), (byte[]) null);
            case "event" -> enricher.shopEvents.pipeInput(key(step), orderShipped(step));
            case "eventWithoutId" -> enricher.shopEvents.pipeInput(key(step), eventWithoutId());
            case "request" -> enricher.requests.pipeInput(step.path("eventId").asText(), request(step));
            case "user" -> enricher.user(step.path("id").asText(), text(step, "email"), text(step, "phone"), "en");
            case "cdcUsersRaw" -> enricher.users.pipeInput(step.path("key").asText(), step.path("value").asText());
            case "deleteUser" -> enricher.deleteUser(step.path("id").asText());
            case "device" -> enricher.device(step.path("id").asLong(), step.path("userId").asText(),
                    step.path("platform").asText(), step.path("token").asText());
            case "deleteDevice" -> enricher.deleteDevice(step.path("id").asLong());
            case "setting" -> enricher.setting(step.path("id").asLong(), step.path("userId").asText(),
                    step.path("channel").asText(), step.path("category").asText(), step.path("optIn").asBoolean());
            case "template" -> enricher.template(step.path("id").asLong(), "order-shipped", EnricherHarness.ORDER_SHIPPED,
                    step.path("channel").asText(), "en", "shipping", "Order {{orderId}} shipped",
                    step.path("body").asText(), text(step, "htmlBody"));
            default -> throw new IllegalArgumentException("unknown corpus step " + step);
        }
    }

    private static String key(JsonNode step) {
        if (!step.has("key")) {
            return USER;
        }
        return step.get("key").isNull() ? null : step.get("key").asText();
    }

    private static String text(JsonNode step, String field) {
        return step.hasNonNull(field) ? step.get(field).asText() : null;
    }

    private static byte[] bytes(JsonNode step) {
        if (step.has("hex")) {
            return HexFormat.of().parseHex(step.get("hex").asText());
        }
        if (step.has("repeat")) {
            return step.get("repeat").asText().repeat(step.path("times").asInt()).getBytes(StandardCharsets.UTF_8);
        }
        return step.path("utf8").asText().getBytes(StandardCharsets.UTF_8);
    }

    /** A correctly encoded event whose framing is then changed: magic byte, schema id, or truncated body. */
    private byte[] reframed(JsonNode step) {
        byte[] framed = enricher.serdes.events().serializer().serialize(Topics.EVENTS_SHOP, orderShipped(step));
        ByteBuffer buffer = ByteBuffer.wrap(framed);
        if (step.has("magic")) {
            buffer.put(0, (byte) step.get("magic").asInt());
        }
        if (step.has("schemaId")) {
            buffer.putInt(1, step.get("schemaId").asInt());
        }
        int length = step.has("keepBytes") ? step.get("keepBytes").asInt() : framed.length;
        return Arrays.copyOf(buffer.array(), length);
    }

    private static OrderShipped orderShipped(JsonNode step) {
        OrderShipped event = EnricherHarness.orderShipped(step.path("eventId").asText("e-1"), step.path("userId").asText(USER));
        if (step.has("orderId")) {
            event.setOrderId(step.get("orderId").asText());
        }
        if (step.has("carrier")) {
            event.setCarrier(step.get("carrier").asText());
        }
        if (step.has("trackingNumberBytes")) {
            event.setTrackingNumber("T".repeat(step.get("trackingNumberBytes").asInt()));
        }
        if (step.has("occurredAt")) {
            event.setOccurredAt(Instant.parse(step.get("occurredAt").asText()));
        }
        return event;
    }

    private static GenericRecord eventWithoutId() {
        Schema schema = SchemaBuilder.record("OrderShipped").namespace("io.notify.events.corpus").fields()
                .requiredString("userId").requiredString("orderId").endRecord();
        GenericRecord event = new GenericData.Record(schema);
        event.put("userId", USER);
        event.put("orderId", "o-42");
        return event;
    }

    private static NotificationRequested request(JsonNode step) {
        List<String> to = new ArrayList<>();
        step.path("to").forEach(user -> to.add(user.asText()));
        return NotificationRequested.newBuilder()
                .setEventId(step.path("eventId").asText())
                .setTo(to)
                .setFrom("shop@example.com")
                .setSubject("s")
                .setContent(List.of())
                .build();
    }
}
