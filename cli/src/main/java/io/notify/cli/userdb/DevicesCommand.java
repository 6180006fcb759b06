package io.notify.cli.userdb;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "devices", mixinStandardHelpOptions = true, description = "Users' push devices.",
        subcommands = DevicesCommand.Add.class)
public final class DevicesCommand {

    enum Platform { ios, android }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Adds a device to a user; a known token moves to this user (a phone changing hands).")
    static final class Add extends UserDatabaseWrites implements Callable<Integer> {
        @Option(names = "--user", required = true)
        String user;

        @Option(names = "--platform", required = true, description = "ios or android.")
        Platform platform;

        @Option(names = "--token", required = true, description = "APNs device token or FCM registration token.")
        String token;

        @Override
        public Integer call() throws Exception {
            return write("device", "INSERT INTO devices (user_id, platform, device_token) VALUES (?, ?, ?) "
                    + "ON CONFLICT (device_token) DO UPDATE SET user_id = EXCLUDED.user_id, platform = EXCLUDED.platform, "
                    + "last_login_at = now(), invalidated_at = NULL RETURNING id",
                    user, platform.name(), token);
        }
    }
}
