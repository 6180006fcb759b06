package io.notify.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.notify.cli.connection.ClusterOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "status", mixinStandardHelpOptions = true, description = "The status history of one notification.")
public final class StatusCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @Parameters(paramLabel = "NOTIFICATION_ID")
    String notificationId;

    @Option(names = "--json", description = "Print the enricher's JSON as is.")
    boolean json;

    @Override
    public Integer call() {
        JsonNode history = new NotificationLog(cluster.resolve().queryUrl()).get("/notifications/" + notificationId)
                .orElseThrow(() -> new IllegalArgumentException("unknown notification " + notificationId));
        if (json) {
            System.out.println(history.toPrettyString());
        } else {
            history.path("statuses").forEach(status -> System.out.println(NotificationLog.line(status)));
        }
        return 0;
    }
}
