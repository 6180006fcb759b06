package io.notify.benchmarks;

import io.notify.enricher.rendering.MustacheRenderer;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The enricher's rendering step: the real {@link MustacheRenderer} (compiled-template cache, strict
 * missing-variable handler) over a scope shaped like the one it builds for an OrderShipped event.
 */
@State(Scope.Thread)
public class RenderingBenchmark {

    static final String PUSH_BODY = "Your order {{orderId}} has shipped with {{carrier}}.";
    static final String EMAIL_HTML = "<p>Hello {{user.id}},</p><p>Order <b>{{orderId}}</b> left with {{carrier}}, "
            + "tracking {{trackingNumber}}.</p>{{#estimatedDelivery}}<p>Expected {{estimatedDelivery}}.</p>{{/estimatedDelivery}}";

    private MustacheRenderer renderer;
    private Map<String, Object> scope;

    @Setup
    public void setUp() {
        renderer = new MustacheRenderer();
        scope = Map.of(
                "eventId", "e-1",
                "eventType", "io.notify.events.shop.OrderShipped",
                "orderId", "o-123456",
                "carrier", "DHL <Express>",
                "trackingNumber", "JD0140000000001",
                "estimatedDelivery", "2026-11-30",
                "user", Map.of("id", "u-1001", "email", "someone@example.com", "locale", "en", "timezone", "UTC"));
    }

    @Benchmark
    public String plainTextPush() {
        return renderer.plainText(PUSH_BODY, "push", scope);
    }

    @Benchmark
    public String htmlEmail() {
        return renderer.html(EMAIL_HTML, "email", scope);
    }
}
