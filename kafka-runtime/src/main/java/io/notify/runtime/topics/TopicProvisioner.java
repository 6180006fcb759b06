package io.notify.runtime.topics;

import io.notify.contract.TopicSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Creates the topics a spec list names and checks the ones that already exist. Existing topics
 * are never altered: a wrong partition count cannot be fixed without breaking key order, so it
 * is reported instead.
 */
public final class TopicProvisioner {

    private final Admin admin;
    private final short replicationFactor;

    public TopicProvisioner(Admin admin, short replicationFactor) {
        this.admin = admin;
        this.replicationFactor = replicationFactor;
    }

    /** What happened to each spec. */
    public record Report(List<String> created, List<String> verified, List<String> mismatches) {
        public boolean ok() {
            return mismatches.isEmpty();
        }
    }

    public Report ensure(Collection<TopicSpec> specs) throws InterruptedException {
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = specs.stream()
                    .filter(spec -> !existing.contains(spec.name()))
                    .map(spec -> new NewTopic(spec.name(), spec.partitions(), replicationFactor).configs(spec.configs()))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
            List<TopicSpec> present = specs.stream().filter(spec -> existing.contains(spec.name())).toList();
            return new Report(missing.stream().map(NewTopic::name).toList(),
                    present.stream().map(TopicSpec::name).toList(),
                    mismatches(present));
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot provision topics: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private List<String> mismatches(List<TopicSpec> present) throws ExecutionException, InterruptedException {
        if (present.isEmpty()) {
            return List.of();
        }
        Map<String, TopicDescription> descriptions = admin.describeTopics(
                present.stream().map(TopicSpec::name).toList()).allTopicNames().get();
        Map<ConfigResource, Config> configs = admin.describeConfigs(present.stream()
                .map(spec -> new ConfigResource(ConfigResource.Type.TOPIC, spec.name()))
                .collect(Collectors.toList())).all().get();
        List<String> problems = new ArrayList<>();
        for (TopicSpec spec : present) {
            int partitions = descriptions.get(spec.name()).partitions().size();
            if (partitions != spec.partitions()) {
                problems.add(spec.name() + " has " + partitions + " partitions, expected " + spec.partitions());
            }
            Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
            spec.configs().forEach((key, expected) -> {
                String actual = config.get(key) == null ? null : config.get(key).value();
                if (!expected.equals(actual)) {
                    problems.add(spec.name() + " has " + key + "=" + actual + ", expected " + expected);
                }
            });
        }
        return problems;
    }
}
