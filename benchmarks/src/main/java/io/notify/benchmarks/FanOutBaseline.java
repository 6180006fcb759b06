package io.notify.benchmarks;

import io.notify.events.shop.OrderShipped;
import io.notify.runtime.serde.AvroSerdes;
import io.notify.schemas.AndroidPushNotification;
import io.notify.schemas.EmailNotification;
import io.notify.schemas.IosPushNotification;
import io.notify.schemas.NotificationMeta;
import io.notify.schemas.Priority;
import io.notify.schemas.SmsNotification;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The least an enricher could do with an event: decode it with the registry serde and write one
 * Avro record keyed by user to each of four 6-partition topics, the channel records' own types, no
 * state. What the enricher adds beyond this (contact data, rendering, dedupe, the trace, the log)
 * is what its ratio against this app measures.
 */
final class FanOutBaseline {

    static final List<String> OUTPUTS = List.of("bench.fanout.ios", "bench.fanout.android", "bench.fanout.sms", "bench.fanout.email");

    private FanOutBaseline() {
    }

    static Topology topology(String input, AvroSerdes serdes) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, OrderShipped> events = builder.stream(input,
                Consumed.with(Serdes.String(), serdes.specific(OrderShipped.class)));
        events.mapValues(FanOutBaseline::ios)
                .to(OUTPUTS.get(0), Produced.with(Serdes.String(), serdes.specific(IosPushNotification.class)));
        events.mapValues(FanOutBaseline::android)
                .to(OUTPUTS.get(1), Produced.with(Serdes.String(), serdes.specific(AndroidPushNotification.class)));
        events.mapValues(FanOutBaseline::sms)
                .to(OUTPUTS.get(2), Produced.with(Serdes.String(), serdes.specific(SmsNotification.class)));
        events.mapValues(FanOutBaseline::email)
                .to(OUTPUTS.get(3), Produced.with(Serdes.String(), serdes.specific(EmailNotification.class)));
        return builder.build();
    }

    private static IosPushNotification ios(OrderShipped event) {
        return IosPushNotification.newBuilder().setMeta(meta(event, "IOS")).setDeviceToken(event.getUserId() + "-ios")
                .setTitle("Shipped").setBody(text(event)).setData(Map.of("orderId", event.getOrderId())).build();
    }

    private static AndroidPushNotification android(OrderShipped event) {
        return AndroidPushNotification.newBuilder().setMeta(meta(event, "ANDROID")).setRegistrationToken(event.getUserId() + "-android")
                .setTitle("Shipped").setBody(text(event)).setData(Map.of("orderId", event.getOrderId())).build();
    }

    private static SmsNotification sms(OrderShipped event) {
        return SmsNotification.newBuilder().setMeta(meta(event, "SMS")).setPhoneNumber("+14155550100").setBody(text(event)).build();
    }

    private static EmailNotification email(OrderShipped event) {
        return EmailNotification.newBuilder().setMeta(meta(event, "EMAIL")).setToAddress(event.getUserId() + "@example.com")
                .setFromAddress("noreply@example.com").setSubject("Shipped").setTextBody(text(event))
                .setHtmlBody("<p>" + text(event) + "</p>").build();
    }

    private static String text(OrderShipped event) {
        return "Order " + event.getOrderId() + " shipped with " + event.getCarrier() + ", tracking " + event.getTrackingNumber();
    }

    private static NotificationMeta meta(OrderShipped event, String channel) {
        String id = UUID.nameUUIDFromBytes((event.getEventId() + "|" + event.getUserId() + "|" + channel)
                .getBytes(StandardCharsets.UTF_8)).toString();
        return NotificationMeta.newBuilder().setNotificationId(id).setUserId(event.getUserId()).setCategory("shipping")
                .setPriority(Priority.NORMAL).setLocale("en").setCreatedAt(event.getOccurredAt())
                .setSourceEventId(event.getEventId()).setSourceEventType(OrderShipped.getClassSchema().getFullName()).build();
    }
}
