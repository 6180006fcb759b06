package io.notify.cli.send;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.notify.cli.connection.ClusterOptions;
import io.notify.cli.connection.Endpoints;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What every `send` command shares: where to publish, the recipient check, and how to report. */
final class Publication {

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Option(names = "--skip-user-check", description = "Do not check the user database for the recipients.")
    boolean skipUserCheck;

    int publish(String topic, String key, SpecificRecord value, List<String> recipients, String eventId) throws Exception {
        Endpoints endpoints = cluster.resolve();
        if (!skipUserCheck) {
            KnownUsers.require(endpoints, recipients, System.err);
        }
        RecordMetadata sent = EventPublisher.publish(endpoints, topic, key, value);
        String type = value.getSchema().getFullName();
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("type", type);
            result.put("eventId", eventId);
            result.put("topic", sent.topic());
            result.put("partition", sent.partition());
            result.put("offset", sent.offset());
            result.put("key", key);
            System.out.println(new ObjectMapper().writeValueAsString(result));
        } else {
            System.out.printf("sent %s %s to %s (partition %d, offset %d) for %s%n",
                    type, eventId, sent.topic(), sent.partition(), sent.offset(), String.join(", ", recipients));
        }
        return 0;
    }
}
