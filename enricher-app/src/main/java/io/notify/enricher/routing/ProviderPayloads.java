package io.notify.enricher.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * The size of a channel's message as its provider measures it, taken from the plan before it
 * fans out to addresses. The push shapes are those the delivery app sends (its {@code ApnsAdapter}
 * and {@code FcmAdapter}); a change there must be made here too.
 */
final class ProviderPayloads {

    /** Notification ids are UUID strings ({@link NotificationIds}): any one has the length of the real one. */
    private static final String ANY_NOTIFICATION_ID = new UUID(0, 0).toString();
    /** The key both push adapters add beside the data entries. */
    private static final String NOTIFICATION_ID_KEY = "notification_id";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProviderPayloads() {
    }

    /** Bytes of the APNs JSON payload: the data entries, {@code aps.alert.title/body} and {@code notification_id}. */
    static int apnsBytes(ChannelPlan plan) {
        ObjectNode root = JSON.createObjectNode();
        pushData(plan).forEach(root::put);
        ObjectNode alert = root.putObject("aps").putObject("alert");
        alert.put("title", nullToEmpty(plan.message().subject()));
        alert.put("body", nullToEmpty(plan.message().text()));
        root.put(NOTIFICATION_ID_KEY, ANY_NOTIFICATION_ID);
        try {
            return JSON.writeValueAsBytes(root).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serializes", e);
        }
    }

    /** Bytes of the FCM notification (title, body) and data (every key and value, {@code notification_id} included). */
    static long fcmBytes(ChannelPlan plan) {
        long bytes = utf8(plan.message().subject()) + utf8(plan.message().text()) + utf8(NOTIFICATION_ID_KEY) + utf8(ANY_NOTIFICATION_ID);
        for (Map.Entry<String, String> entry : pushData(plan).entrySet()) {
            bytes += utf8(entry.getKey()) + utf8(entry.getValue());
        }
        return bytes;
    }

    /** Characters of the SMS body as Twilio counts them in UCS-2: UTF-16 code units, so an emoji counts twice. */
    static int smsCharacters(ChannelPlan plan) {
        return nullToEmpty(plan.message().text()).length();
    }

    /** Bytes of the email's subject, text and HTML bodies: what grows with the event, unlike the rest of the record. */
    static long emailBytes(ChannelPlan plan) {
        return utf8(plan.message().subject()) + utf8(plan.message().text()) + utf8(plan.message().html());
    }

    private static Map<String, String> pushData(ChannelPlan plan) {
        return ChannelMessages.pushData(ANY_NOTIFICATION_ID, plan);
    }

    private static long utf8(String value) {
        return value == null ? 0 : value.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
