package io.notify.cli.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.notify.stack.StackEndpoints;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A few users to try the platform with, written to PostgreSQL like a product would; CDC takes
 * them from there. Re-running is harmless: every row is inserted only if absent.
 */
final class SampleData {

    /** The sample users and how many devices each has: what the enricher must know before the first send. */
    private static final Map<String, Integer> DEVICES_BY_USER = Map.of("u-1001", 2, "u-1002", 1, "u-1003", 2);
    private static final ObjectMapper JSON = new ObjectMapper();

    private SampleData() {
    }

    /**
     * Waits until the enricher has the sample users and all their devices from CDC. Without it a
     * `send` right after "Ready" can reach the enricher before the rows do and be dead-lettered as
     * an unknown user: the platform is not ready until the sample data is routable.
     */
    static void awaitRoutable(String queryUrl, Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(timeout);
        for (Map.Entry<String, Integer> user : DEVICES_BY_USER.entrySet()) {
            while (devicesKnown(http, queryUrl, user.getKey()) < user.getValue()) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("the enricher did not see sample user " + user.getKey()
                            + " and its devices within " + timeout.toSeconds() + " s; is the CDC connector running?");
                }
                Thread.sleep(250);
            }
        }
    }

    private static int devicesKnown(HttpClient http, String queryUrl, String userId) throws InterruptedException {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(queryUrl + "/users/" + userId))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 ? JSON.readTree(answer.body()).path("devices").size() : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    static void seed(StackEndpoints stack) throws SQLException {
        try (Connection db = DriverManager.getConnection(stack.jdbcUrl(), stack.jdbcUser(), stack.jdbcPassword())) {
            db.setAutoCommit(false);
            user(db, "u-1001", "ada@example.com", "+14155550101", "en", "Europe/London");
            user(db, "u-1002", "grace@example.com", "+33612345678", "fr", "Europe/Paris");
            user(db, "u-1003", "linus@example.com", "+358401234567", "de", "Europe/Helsinki");
            device(db, "u-1001", "ios", "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90");
            device(db, "u-1001", "android", "fcm-token-ada-pixel-0001");
            device(db, "u-1002", "ios", "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0");
            device(db, "u-1003", "android", "fcm-token-linus-fairphone-0001");
            device(db, "u-1003", "android", "fcm-token-linus-tablet-0002");
            setting(db, "u-1002", "sms", "shipping", false);
            setting(db, "u-1003", "email", "billing", false);
            orderShippedTemplates(db);
            invoiceDueTemplates(db);
            db.commit();
        }
    }

    private static void orderShippedTemplates(Connection db) throws SQLException {
        String type = "io.notify.events.shop.OrderShipped";
        template(db, "order_shipped", type, "ios", "en", "shipping", "Your order is on its way",
                "Order {{orderId}} shipped with {{carrier}}.", null);
        template(db, "order_shipped", type, "android", "en", "shipping", "Your order is on its way",
                "Order {{orderId}} shipped with {{carrier}}.", null);
        template(db, "order_shipped", type, "sms", "en", "shipping", null,
                "Order {{orderId}} shipped with {{carrier}}, tracking {{trackingNumber}}.", null);
        template(db, "order_shipped", type, "email", "en", "shipping", "Order {{orderId}} has shipped",
                "Hello, your order {{orderId}} is on its way with {{carrier}} (tracking {{trackingNumber}}).",
                "<p>Hello,</p><p>your order <b>{{orderId}}</b> is on its way with {{carrier}} (tracking {{trackingNumber}}).</p>");
        template(db, "order_shipped", type, "ios", "fr", "shipping", "Votre commande est en route",
                "Commande {{orderId}} expédiée avec {{carrier}}.", null);
        template(db, "order_shipped", type, "sms", "fr", "shipping", null,
                "Commande {{orderId}} expédiée avec {{carrier}}, suivi {{trackingNumber}}.", null);
        template(db, "order_shipped", type, "email", "fr", "shipping", "Commande {{orderId}} expédiée",
                "Bonjour, votre commande {{orderId}} est en route avec {{carrier}}.",
                "<p>Bonjour,</p><p>votre commande <b>{{orderId}}</b> est en route avec {{carrier}}.</p>");
    }

    private static void invoiceDueTemplates(Connection db) throws SQLException {
        String type = "io.notify.events.billing.InvoiceDue";
        template(db, "invoice_due", type, "ios", "en", "billing", "Invoice due",
                "Invoice {{invoiceId}}: {{amount}} {{currency}} due on {{dueDate}}.", null);
        template(db, "invoice_due", type, "android", "en", "billing", "Invoice due",
                "Invoice {{invoiceId}}: {{amount}} {{currency}} due on {{dueDate}}.", null);
        template(db, "invoice_due", type, "sms", "en", "billing", null,
                "Invoice {{invoiceId}}: {{amount}} {{currency}} due on {{dueDate}}.", null);
        template(db, "invoice_due", type, "email", "en", "billing", "Invoice {{invoiceId}} is due on {{dueDate}}",
                "Your invoice {{invoiceId}} of {{amount}} {{currency}} is due on {{dueDate}}.",
                "<p>Your invoice <b>{{invoiceId}}</b> of {{amount}} {{currency}} is due on {{dueDate}}.</p>");
    }

    private static void user(Connection db, String id, String email, String phone, String locale, String timezone) throws SQLException {
        execute(db, "INSERT INTO users (id, email, phone_number, locale, timezone) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                id, email, phone, locale, timezone);
    }

    private static void device(Connection db, String userId, String platform, String token) throws SQLException {
        execute(db, "INSERT INTO devices (user_id, platform, device_token) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                userId, platform, token);
    }

    private static void setting(Connection db, String userId, String channel, String category, boolean optIn) throws SQLException {
        execute(db, "INSERT INTO notification_settings (user_id, channel, category, opt_in) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                userId, channel, category, optIn);
    }

    private static void template(Connection db, String templateId, String eventType, String channel, String locale,
                                 String category, String subject, String body, String htmlBody) throws SQLException {
        execute(db, "INSERT INTO templates (template_id, event_type, channel, locale, category, subject, body, html_body) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                templateId, eventType, channel, locale, category, subject, body, htmlBody);
    }

    private static void execute(Connection db, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }
}
