package io.notify.delivery.feedback;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;

/**
 * Marks device tokens invalid in the user database. The CDC connector carries the change back to
 * the enricher, which then stops targeting the device. Idempotent: an already invalidated
 * device keeps its first timestamp.
 */
public final class DeviceTokenStore implements DeviceTokens {

    private static final String INVALIDATE =
            "UPDATE devices SET invalidated_at = now() WHERE device_token = ? AND invalidated_at IS NULL";

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private Connection connection;

    public DeviceTokenStore(String jdbcUrl, String user, String password) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    /** Invalidates every token in one transaction; returns how many devices changed. */
    @Override
    public int invalidate(Collection<String> tokens) throws SQLException {
        if (tokens.isEmpty()) {
            return 0;
        }
        Connection db = connection();
        try (PreparedStatement update = db.prepareStatement(INVALIDATE)) {
            for (String token : tokens) {
                update.setString(1, token);
                update.addBatch();
            }
            int changed = 0;
            for (int count : update.executeBatch()) {
                changed += Math.max(count, 0);
            }
            db.commit();
            return changed;
        } catch (SQLException e) {
            discardConnection();
            throw e;
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = DriverManager.getConnection(jdbcUrl, user, password);
            connection.setAutoCommit(false);
        }
        return connection;
    }

    private void discardConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Already broken; a fresh connection is opened on the next batch.
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        discardConnection();
    }
}
