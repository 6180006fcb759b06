package io.notify.cli.deadletter;

import io.notify.cli.connection.ClusterOptions;
import io.notify.cli.connection.Endpoints;
import io.notify.delivery.deadletter.DeadLetterCommand;
import io.notify.runtime.config.ConfigSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Unmatched;

/** The delivery app's dead-letter tool, pointed at the cluster the CLI resolves. */
@Command(name = "dlq", description = {"List dead letters, or replay them to their original topic, filtered by reason:",
        "  dlq list --topic notify.sms.dlq [--reason twilio:21211]",
        "  dlq replay --topic notify.events.dlq --reason unknown_user",
        "`dlq --help`, `dlq list --help` for every option."})
public final class DlqCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @Unmatched
    List<String> arguments = new ArrayList<>();

    @Override
    public Integer call() {
        Endpoints endpoints = cluster.resolve();
        endpoints.requireKafka();
        Map<String, String> settings = new HashMap<>();
        settings.put("kafka.bootstrap.servers", endpoints.kafka().bootstrapServers());
        endpoints.kafka().clientOverrides().forEach((key, value) -> settings.put("kafka.client." + key, value));
        return DeadLetterCommand.run(ConfigSource.of(settings), arguments.toArray(String[]::new));
    }
}
