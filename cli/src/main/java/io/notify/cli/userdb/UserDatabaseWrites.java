package io.notify.cli.userdb;

import io.notify.cli.connection.ClusterOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The user-database commands write PostgreSQL as the product would, and nothing else: CDC
 * carries the change to Kafka and the enricher. One statement each, so each either happens
 * whole or not at all.
 */
abstract class UserDatabaseWrites {

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--json", description = "Print the written row's id as JSON.")
    boolean json;

    /** Runs a statement that returns the row's id, and reports it. */
    int write(String what, String sql, Object... parameters) throws SQLException {
        try (Connection db = cluster.resolve().userDatabase();
             PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("no such " + what + " in the user database");
                }
                String id = rs.getString(1);
                System.out.println(json ? "{\"" + what + "\":\"" + id + "\"}" : what + " " + id + " written; CDC takes it from here");
                return 0;
            }
        } catch (SQLException e) {
            throw new IllegalArgumentException(explain(e));
        }
    }

    /** PostgreSQL's constraint names say which rule a row broke; say it in the user's words. */
    private static String explain(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return switch (state) {
            case "23503" -> "unknown user: the user database has no such user (add it with `./notify users add`)";
            case "23505" -> "already there: " + firstLine(e);
            case "23514" -> "not allowed: " + firstLine(e);
            default -> "the user database refused the change: " + firstLine(e);
        };
    }

    private static String firstLine(SQLException e) {
        String message = String.valueOf(e.getMessage());
        return message.lines().findFirst().orElse(message);
    }
}
