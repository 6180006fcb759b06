package io.notify.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.notify.cli.connection.ClusterOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "user", mixinStandardHelpOptions = true, description = "What the enricher knows about a user.",
        subcommands = UserCommand.Notifications.class)
public final class UserCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @Parameters(paramLabel = "USER_ID")
    String userId;

    @Override
    public Integer call() {
        JsonNode user = new NotificationLog(cluster.resolve().queryUrl()).get("/users/" + userId)
                .orElseThrow(() -> new IllegalArgumentException("unknown user " + userId + " (not in the enricher's tables yet?)"));
        System.out.println(user.toPrettyString());
        return 0;
    }

    @Command(name = "notifications", mixinStandardHelpOptions = true, description = "The user's recent notifications and their latest statuses.")
    static final class Notifications implements Callable<Integer> {

        @picocli.CommandLine.ParentCommand
        UserCommand user;

        @Option(names = "--json", description = "Print the enricher's JSON as is.")
        boolean json;

        @Override
        public Integer call() {
            JsonNode notifications = new NotificationLog(user.cluster.resolve().queryUrl()).get("/users/" + user.userId + "/notifications")
                    .orElseThrow(() -> new IllegalArgumentException("no notifications known for user " + user.userId));
            if (json) {
                System.out.println(notifications.toPrettyString());
            } else {
                notifications.forEach(status -> System.out.println(NotificationLog.line(status)));
            }
            return 0;
        }
    }
}
