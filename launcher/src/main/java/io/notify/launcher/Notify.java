package io.notify.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./notify} command. */
@Command(name = "notify", mixinStandardHelpOptions = true, version = "notify 0.1.0",
        description = "Runs the notification platform on this machine.",
        subcommands = {UpCommand.class, DownCommand.class})
public final class Notify {

    public static void main(String[] args) {
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
