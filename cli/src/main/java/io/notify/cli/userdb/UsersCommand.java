package io.notify.cli.userdb;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "users", mixinStandardHelpOptions = true, description = "Users in the user database.",
        subcommands = UsersCommand.Add.class)
public final class UsersCommand {

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Adds a user, or updates the one with that id.")
    static final class Add extends UserDatabaseWrites implements Callable<Integer> {
        @Option(names = "--id", required = true)
        String id;

        @Option(names = "--email")
        String email;

        @Option(names = "--phone", description = "E.164, e.g. +14155550101.")
        String phone;

        @Option(names = "--locale", defaultValue = "en")
        String locale;

        @Option(names = "--timezone", defaultValue = "UTC")
        String timezone;

        @Override
        public Integer call() throws Exception {
            return write("user", "INSERT INTO users (id, email, phone_number, locale, timezone) VALUES (?, ?, ?, ?, ?) "
                    + "ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email, phone_number = EXCLUDED.phone_number, "
                    + "locale = EXCLUDED.locale, timezone = EXCLUDED.timezone RETURNING id",
                    id, email, phone, locale, timezone);
        }
    }
}
