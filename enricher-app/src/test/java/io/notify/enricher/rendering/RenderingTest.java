package io.notify.enricher.rendering;

import static io.notify.enricher.support.EnricherHarness.ORDER_SHIPPED;
import static org.assertj.core.api.Assertions.assertThat;

import io.notify.enricher.deadletter.DeadLetterReason;
import io.notify.enricher.support.EnricherHarness;
import io.notify.events.shop.OrderShipped;
import io.notify.runtime.deadletter.DeadLetterHeaders;
import io.notify.schemas.EmailNotification;
import io.notify.schemas.SmsNotification;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RenderingTest {

    private EnricherHarness enricher;

    @BeforeEach
    void start() {
        enricher = EnricherHarness.start();
        enricher.user("u-1", "ada@example.com", "+41446681800", "de-CH");
    }

    @AfterEach
    void stop() {
        enricher.close();
    }

    @Test
    void shouldRenderEventFieldsAndUserFields() {
        enricher.template(1, "order-shipped", ORDER_SHIPPED, "sms", "en", "shipping", null,
                "{{orderId}} via {{carrier}} ({{trackingNumber}}) for {{user.id}} in {{user.locale}}", null);

        enricher.ship("e-1", "u-1");

        assertThat(enricher.sms.readValue().getBody()).isEqualTo("o-42 via DHL (TRK-1) for u-1 in de-CH");
    }

    @Test
    void shouldEscapeVariablesInHtmlBodiesButNotInTextBodies() {
        enricher.template(1, "order-shipped", ORDER_SHIPPED, "email", "en", "shipping", "Shipped by {{carrier}}",
                "Shipped by {{carrier}}", "<p>Shipped by {{carrier}}</p>");
        OrderShipped event = EnricherHarness.orderShipped("e-1", "u-1");
        event.setCarrier("<b>Fast</b> & Co");

        enricher.shopEvents.pipeInput("u-1", event);

        EmailNotification email = enricher.email.readValue();
        assertThat(email.getHtmlBody()).isEqualTo("<p>Shipped by &lt;b&gt;Fast&lt;/b&gt; &amp; Co</p>");
        assertThat(email.getTextBody()).isEqualTo("Shipped by <b>Fast</b> & Co");
        assertThat(email.getSubject()).isEqualTo("Shipped by <b>Fast</b> & Co");
    }

    @Test
    void shouldEscapeATripleMustacheInAnHtmlBody() {
        enricher.template(1, "order-shipped", ORDER_SHIPPED, "email", "en", "shipping", "Shipped by {{{carrier}}}",
                "Shipped by {{{carrier}}}", "<p>Shipped by {{{carrier}}}</p>");
        OrderShipped event = EnricherHarness.orderShipped("e-1", "u-1");
        event.setCarrier("<script>alert(\"x\")</script>&'");

        enricher.shopEvents.pipeInput("u-1", event);

        EmailNotification email = enricher.email.readValue();
        assertThat(email.getHtmlBody()).isEqualTo("<p>Shipped by &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;</p>");
        assertThat(email.getTextBody()).isEqualTo("Shipped by <script>alert(\"x\")</script>&'");
    }

    @Test
    void shouldDeadLetterTheEventWhenATemplateIncludesAPartial() {
        enricher.template(1, "order-shipped", ORDER_SHIPPED, "email", "en", "shipping", "Shipped",
                "Shipped", "<p>Shipped</p>{{> rendering/local-file}}");

        enricher.ship("e-1", "u-1");

        assertThat(enricher.email.isEmpty()).isTrue();
        assertThat(enricher.status.isEmpty()).isTrue();
        TestRecord<byte[], byte[]> dead = enricher.deadLetters.readRecord();
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.REASON)).contains(DeadLetterReason.PROCESSING_ERROR);
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.ERROR_CLASS))
                .contains(PartialRefusedException.class.getName());
    }

    @Test
    void shouldRenderAnUnsetOptionalFieldAsEmpty() {
        enricher.template(1, "order-shipped", ORDER_SHIPPED, "sms", "en", "shipping", null,
                "Order {{orderId}}{{#estimatedDelivery}}, due {{estimatedDelivery}}{{/estimatedDelivery}}.", null);

        enricher.ship("e-1", "u-1");

        assertThat(enricher.sms.readValue().getBody()).isEqualTo("Order o-42.");
    }

    @Test
    void shouldDeadLetterTheEventWhenATemplateUsesAnUndefinedVariable() {
        enricher.template(1, "order-shipped", ORDER_SHIPPED, "sms", "en", "shipping", null, "Order {{orderNumber}}", null);

        enricher.ship("e-1", "u-1");

        assertThat(enricher.sms.isEmpty()).isTrue();
        assertThat(enricher.status.isEmpty()).isTrue();
        TestRecord<byte[], byte[]> dead = enricher.deadLetters.readRecord();
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.REASON)).contains(DeadLetterReason.MISSING_VARIABLE);
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.ERROR_CLASS))
                .contains(MissingVariableException.class.getName());
    }

    @Test
    void shouldFallBackFromRegionToLanguageToDefaultLocale() {
        enricher.template(1, "order-shipped", ORDER_SHIPPED, "sms", "en", "shipping", null, "english", null);
        enricher.template(2, "order-shipped", ORDER_SHIPPED, "email", "en", "shipping", "english", "english", null);
        enricher.template(3, "order-shipped", ORDER_SHIPPED, "email", "de", "shipping", "deutsch", "deutsch", null);

        enricher.ship("e-1", "u-1");

        assertThat(enricher.email.readValue().getSubject()).isEqualTo("deutsch");
        SmsNotification sms = enricher.sms.readValue();
        assertThat(sms.getBody()).isEqualTo("english");
        assertThat(sms.getMeta().getLocale()).isEqualTo("en");
    }

    @Test
    void shouldPreferTheExactRegionalTemplate() {
        enricher.template(1, "order-shipped", ORDER_SHIPPED, "sms", "de", "shipping", null, "deutsch", null);
        enricher.template(2, "order-shipped", ORDER_SHIPPED, "sms", "de_CH", "shipping", null, "schwiizerdütsch", null);

        enricher.ship("e-1", "u-1");

        assertThat(enricher.sms.readValue().getBody()).isEqualTo("schwiizerdütsch");
    }

    @Test
    void shouldUseAChangedTemplateForTheNextEvent() {
        enricher.template(1, "order-shipped", ORDER_SHIPPED, "sms", "de", "shipping", null, "old {{orderId}}", null);
        enricher.ship("e-1", "u-1");
        enricher.template(1, "order-shipped", ORDER_SHIPPED, "sms", "de", "shipping", null, "new {{orderId}}", null);

        enricher.ship("e-2", "u-1");

        assertThat(enricher.sms.readValuesToList()).extracting(SmsNotification::getBody).containsExactly("old o-42", "new o-42");
    }

    @Test
    void shouldStopUsingADeletedTemplate() {
        enricher.template(1, "order-shipped", ORDER_SHIPPED, "sms", "de", "shipping", null, "deutsch", null);
        enricher.template(2, "order-shipped", ORDER_SHIPPED, "sms", "en", "shipping", null, "english", null);
        enricher.deleteTemplate(1);

        enricher.ship("e-1", "u-1");

        assertThat(enricher.sms.readValue().getBody()).isEqualTo("english");
    }
}
