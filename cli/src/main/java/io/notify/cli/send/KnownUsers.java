package io.notify.cli.send;

import io.notify.cli.connection.Endpoints;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Refuses to send to a user the user database does not know, since such an event could only
 * end as a dead letter. Where the database cannot be reached (a remote cluster), says so and
 * lets the event go.
 */
final class KnownUsers {

    private KnownUsers() {
    }

    static void require(Endpoints endpoints, List<String> userIds, PrintStream notes) {
        Connection db;
        try {
            db = endpoints.userDatabase();
        } catch (IllegalStateException unreachable) {
            notes.println("note: could not check that the users exist (" + unreachable.getMessage() + ")");
            return;
        }
        try (db; PreparedStatement statement = db.prepareStatement("SELECT 1 FROM users WHERE id = ?")) {
            for (String userId : userIds) {
                statement.setString(1, userId);
                try (ResultSet rs = statement.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalArgumentException("unknown user " + userId
                                + ": add it first with `./notify users add --id " + userId + " ...`");
                    }
                }
            }
        } catch (SQLException e) {
            notes.println("note: could not check that the users exist (" + e.getMessage() + ")");
        }
    }
}
