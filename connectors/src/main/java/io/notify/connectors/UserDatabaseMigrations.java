package io.notify.connectors;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Brings the user database to the latest schema version with the migrations in db/migration. */
public final class UserDatabaseMigrations {

    private UserDatabaseMigrations() {
    }

    /** Applies pending migrations and returns how many ran; safe to call on every start. */
    public static int apply(String jdbcUrl, String user, String password) {
        MigrateResult result = Flyway.configure()
                .dataSource(jdbcUrl, user, password)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        return result.migrationsExecuted;
    }
}
