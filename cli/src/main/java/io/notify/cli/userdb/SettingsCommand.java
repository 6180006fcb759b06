package io.notify.cli.userdb;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "settings", mixinStandardHelpOptions = true, description = "Users' notification settings.",
        subcommands = SettingsCommand.Set.class)
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
}
