package io.notify.cli;

import io.notify.cli.connect.ConnectorCommand;
import io.notify.cli.deadletter.DlqCommand;
import io.notify.cli.platform.DownCommand;
import io.notify.cli.platform.UpCommand;
import io.notify.cli.query.StatusCommand;
import io.notify.cli.query.UserCommand;
import io.notify.cli.send.SendCommand;
import io.notify.cli.topics.TopicsCommand;
import io.notify.cli.userdb.DevicesCommand;
import io.notify.cli.userdb.SettingsCommand;
import io.notify.cli.userdb.TemplatesCommand;
import io.notify.cli.userdb.UsersCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./notify} command. */
@Command(name = "notify", mixinStandardHelpOptions = true, version = "notify 0.1.0",
        description = "Runs the notification platform on this machine, and operates it here or on any cluster.",
        footer = {"", "./notify bench [--short] measures the platform on this machine (see ./notify bench --help).",
                "./notify test runs every test."},
        subcommands = {UpCommand.class, DownCommand.class, SendCommand.class, UsersCommand.class, DevicesCommand.class,
                SettingsCommand.class, TemplatesCommand.class, TopicsCommand.class, ConnectorCommand.class,
                StatusCommand.class, UserCommand.class, DlqCommand.class})
public final class Notify {

    /** Held so the setting sticks: JUL forgets the levels of loggers nobody references. */
    private static final java.util.logging.Logger REGISTRY_CLIENT = java.util.logging.Logger.getLogger("io.apicurio");

    public static void main(String[] args) {
        // The registry client warns about its Vert.x instance on every run; a CLI user cannot act on it.
        REGISTRY_CLIENT.setLevel(java.util.logging.Level.SEVERE);
        CommandLine commandLine = new CommandLine(new Notify())
                .setExecutionExceptionHandler((error, line, parsed) -> {
                    // One clear sentence for the newcomer; the stack trace only when asked for.
                    line.getErr().println("notify: " + messageOf(error));
                    if (System.getenv("NOTIFY_DEBUG") != null) {
                        error.printStackTrace(line.getErr());
                    }
                    return 1;
                });
        System.exit(commandLine.execute(args));
    }

    private static String messageOf(Throwable error) {
        Throwable cause = error;
        while (cause.getMessage() == null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
