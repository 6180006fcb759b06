package io.notify.benchmarks;

import io.notify.events.shop.OrderShipped;
import io.notify.stack.StackEndpoints;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;

/**
 * The users every benchmark routes to, written to PostgreSQL like a product would and carried to
 * the enricher by CDC: user {@code bu-i} has an email, a valid US phone number, 1 to 3 devices (by
 * index) and one {@code email/shipping} setting; one OrderShipped template per channel. So an
 * OrderShipped event for user i gives 2 + devices(i) notifications.
 */
final class BenchmarkUsers {

    static final String ORDER_SHIPPED = OrderShipped.getClassSchema().getFullName();
    private static final int ROWS_PER_INSERT = 1000;
    private static final Duration PATIENCE = Duration.ofMinutes(10);

    private final int count;

    BenchmarkUsers(int count) {
        this.count = count;
    }

    int count() {
        return count;
    }

    static String id(int index) {
        return "bu-" + index;
    }

    /** 1, 2 or 3 devices, by user index. */
    static int devices(int index) {
        return 1 + index % 3;
    }

    /** The notifications of one OrderShipped event for this user: email, SMS and one per device. */
    static int notificationsPerEvent(int index) {
        return 2 + devices(index);
    }

    /** Notifications expected from {@code events} events sent round-robin over the users. */
    long notificationsFor(int events) {
        long total = 0;
        for (int i = 0; i < events; i++) {
            total += notificationsPerEvent(i % count);
        }
        return total;
    }

    void insert(StackEndpoints stack) throws Exception {
        long started = System.nanoTime();
        try (Connection db = DriverManager.getConnection(stack.jdbcUrl(), stack.jdbcUser(), stack.jdbcPassword());
             Statement sql = db.createStatement()) {
            for (String channel : List.of("ios", "android", "sms", "email")) {
                sql.execute("INSERT INTO templates (template_id, event_type, channel, locale, category, subject, body, html_body) VALUES "
                        + "('bench_order_shipped', '" + ORDER_SHIPPED + "', '" + channel + "', 'en', 'shipping', 'Order {{orderId}} shipped', "
                        + "'Order {{orderId}} is on its way with {{carrier}}, tracking {{trackingNumber}}', "
                        + (channel.equals("email") ? "'<p>Hello {{user.id}}, order <b>{{orderId}}</b> left with {{carrier}}.</p>'" : "NULL") + ")");
            }
            insertInChunks(sql, "INSERT INTO users (id, email, phone_number, locale) VALUES ", i -> true,
                    i -> "('" + id(i) + "', '" + id(i) + "@example.com', '+1415" + (2_000_000 + i) + "', 'en')");
            for (int device = 0; device < 3; device++) {
                int d = device;
                insertInChunks(sql, "INSERT INTO devices (user_id, platform, device_token) VALUES ", i -> d < devices(i),
                        i -> "('" + id(i) + "', '" + (d % 2 == 0 ? "ios" : "android") + "', '" + token(d, i) + "')");
            }
            insertInChunks(sql, "INSERT INTO notification_settings (user_id, channel, category, opt_in) VALUES ", i -> true,
                    i -> "('" + id(i) + "', 'email', 'shipping', true)");
        }
        System.out.printf(Locale.ROOT, "inserted %d users in %.1f s%n", count, Seconds.since(started));
    }

    /** Waits until the enricher behind {@code queryUrl} shows the last user's last device and setting: CDC is complete. */
    void awaitCdc(String queryUrl) throws Exception {
        long started = System.nanoTime();
        int last = count - 1;
        String lastToken = token(devices(last) - 1, last);
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(queryUrl + "/users/" + id(last))).timeout(Duration.ofSeconds(5)).build();
        while (true) {
            try {
                HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200 && answer.body().contains(lastToken) && answer.body().contains("shipping")) {
                    break;
                }
            } catch (java.io.IOException notYetListening) {
                // the enricher is still starting
            }
            if (Seconds.since(started) > PATIENCE.toSeconds()) {
                throw new IllegalStateException("CDC did not deliver the last user within " + PATIENCE);
            }
            Thread.sleep(250);
        }
        System.out.printf(Locale.ROOT, "CDC delivered %d users to the enricher in %.1f s%n", count, Seconds.since(started));
    }

    /** Hex, as APNs device tokens are (the APNs sandbox answers BadDeviceToken to anything else). */
    private static String token(int device, int index) {
        return String.format(Locale.ROOT, "%064x", (long) index * 3 + device);
    }

    private void insertInChunks(Statement sql, String insert, IntPredicate include, IntFunction<String> row) throws Exception {
        StringBuilder values = new StringBuilder();
        int inChunk = 0;
        for (int i = 0; i < count; i++) {
            if (!include.test(i)) {
                continue;
            }
            values.append(inChunk == 0 ? "" : ",").append(row.apply(i));
            if (++inChunk == ROWS_PER_INSERT) {
                sql.execute(insert + values);
                values.setLength(0);
                inChunk = 0;
            }
        }
        if (inChunk > 0) {
            sql.execute(insert + values);
        }
    }
}
