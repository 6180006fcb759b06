package io.notify.cli.connection;

import io.notify.runtime.config.KafkaSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Resolved addresses of the platform, with checks that fail with a sentence rather than a stack trace. */
public record Endpoints(KafkaSettings kafka, String jdbcUrl, String jdbcUser, String jdbcPassword, String queryUrl) {

    private static final Duration REACH_TIMEOUT = Duration.ofSeconds(10);

    /** An admin client on a cluster that answered, or a clear error naming the address. */
    public Admin reachableAdmin() {
        Map<String, Object> config = new HashMap<>(kafka.clientProperties());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) REACH_TIMEOUT.toMillis());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) REACH_TIMEOUT.toMillis());
        Admin admin = Admin.create(config);
        try {
            admin.describeCluster().clusterId().get(REACH_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return admin;
        } catch (ExecutionException | TimeoutException e) {
            admin.close(Duration.ZERO);
            throw new IllegalStateException("cannot reach Kafka at " + kafka.bootstrapServers()
                    + " (is the platform up? `./notify up`, or pass --bootstrap-servers)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admin.close(Duration.ZERO);
            throw new IllegalStateException("interrupted while reaching Kafka", e);
        }
    }

    public void requireKafka() {
        reachableAdmin().close();
    }

    public Connection userDatabase() {
        try {
            DriverManager.setLoginTimeout((int) REACH_TIMEOUT.toSeconds());
            return DriverManager.getConnection(jdbcUrl, jdbcUser, jdbcPassword);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the user database at " + jdbcUrl + ": " + e.getMessage()
                    + " (pass --jdbc-url, --jdbc-user and NOTIFY_USERDB_PASSWORD)");
        }
    }
}
