package io.notify.cli.userdb;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "settings", mixinStandardHelpOptions = true, description = "Users' notification settings.",
        subcommands = {SettingsCommand.Set.class, SettingsCommand.QuietHours.class})
public final class SettingsCommand {

    enum Channel { ios, android, sms, email }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Opts a user in or out of a channel for a category.")
    static final class Set extends UserDatabaseWrites implements Callable<Integer> {
        @Option(names = "--user", required = true)
        String user;

        @Option(names = "--channel", required = true, description = "ios, android, sms or email.")
        Channel channel;

        @Option(names = "--category", required = true, description = "e.g. shipping, billing, marketing.")
        String category;

        @Option(names = "--opt-in", required = true, arity = "1", description = "true or false.")
        boolean optIn;

        @Override
        public Integer call() throws Exception {
            return write("setting", "INSERT INTO notification_settings (user_id, channel, category, opt_in) VALUES (?, ?, ?, ?) "
                    + "ON CONFLICT (user_id, channel, category) DO UPDATE SET opt_in = EXCLUDED.opt_in RETURNING id",
                    user, channel.name(), category, optIn);
        }
    }

    @Command(name = "quiet-hours", mixinStandardHelpOptions = true,
            description = "Sets a user's quiet hours (in the user's timezone), or clears them with --off: non-urgent notifications wait for the window's end.")
    static final class QuietHours extends UserDatabaseWrites implements Callable<Integer> {
        @Option(names = "--user", required = true)
        String user;

        @picocli.CommandLine.ArgGroup(multiplicity = "1")
        Window window;

        static final class Window {
            @Option(names = "--window", description = "HH:MM-HH:MM, e.g. 22:00-07:00 (crosses midnight).")
            String hours;

            @Option(names = "--off", description = "No quiet hours of the user's own (the category's default, if any, applies).")
            boolean off;
        }

        @Override
        public Integer call() throws Exception {
            return write("user", "UPDATE users SET quiet_hours = ? WHERE id = ? RETURNING id", window.off ? null : window.hours, user);
        }
    }
}
