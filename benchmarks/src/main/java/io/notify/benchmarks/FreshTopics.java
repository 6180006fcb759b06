package io.notify.benchmarks;

import io.notify.contract.Topics;
import io.notify.contract.TopicSpec;
import io.notify.runtime.topics.TopicProvisioner;
import io.notify.stack.StackEndpoints;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;

/**
 * Empties the platform's event, channel and status topics between two benchmarks on one stack,
 * so that apps starting from the earliest offset see only their own run; the CDC topics (the
 * users) stay. Deleting and recreating is the only way to empty a compacted topic.
 */
final class FreshTopics {

    private FreshTopics() {
    }

    static void recreate(StackEndpoints stack) throws Exception {
        List<TopicSpec> platform = Topics.all().stream().filter(spec -> !spec.name().startsWith(Topics.CDC_PREFIX)).toList();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
            admin.deleteTopics(platform.stream().map(TopicSpec::name).toList()).all().get();
            long started = System.nanoTime();
            while (!intersection(admin.listTopics().names().get(), platform).isEmpty()) {
                if (Seconds.since(started) > 60) {
                    throw new IllegalStateException("the broker did not delete the platform topics within 60 s");
                }
                Thread.sleep(200);
            }
            new TopicProvisioner(admin, (short) 1).ensure(platform);
        }
    }

    private static Set<String> intersection(Set<String> existing, List<TopicSpec> platform) {
        return platform.stream().map(TopicSpec::name).filter(existing::contains).collect(Collectors.toSet());
    }
}
