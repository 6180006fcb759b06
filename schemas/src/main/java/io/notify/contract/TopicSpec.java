package io.notify.contract;

import java.util.Map;

/**
 * A topic's name with the settings it must be created with. Partition counts are part of the
 * contract: events and channel topics are keyed by user id and must stay co-partitioned.
 */
public record TopicSpec(String name, int partitions, Map<String, String> configs) {

    static TopicSpec deleted(String name, int partitions) {
        return new TopicSpec(name, partitions, Map.of("cleanup.policy", "delete"));
    }

    static TopicSpec compacted(String name, int partitions) {
        return new TopicSpec(name, partitions, Map.of("cleanup.policy", "compact"));
    }

    public boolean isCompacted() {
        return "compact".equals(configs.get("cleanup.policy"));
    }
}
