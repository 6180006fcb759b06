package io.notify.enricher.support;

import static io.notify.enricher.support.EnricherHarness.ORDER_SHIPPED;

import java.util.List;

/** Templates for every channel, so a test states only what it is about. */
public final class Channels {

    public static final List<String> ALL = List.of("ios", "android", "sms", "email");

    private Channels() {
    }

    /** One order-shipped template per channel in {@code locale}, category {@code category}; ids from {@code firstId}. */
    public static void orderShippedTemplates(EnricherHarness enricher, long firstId, String locale, String category) {
        long id = firstId;
        for (String channel : ALL) {
            enricher.template(id++, "order-shipped", ORDER_SHIPPED, channel, locale, category,
                    "Order {{orderId}} shipped", "Your order {{orderId}} ships with {{carrier}}.",
                    "<p>Order {{orderId}}</p>");
        }
    }
}
