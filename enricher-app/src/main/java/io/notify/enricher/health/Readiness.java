package io.notify.enricher.health;

import io.notify.contract.Topics;
import io.notify.enricher.TopologyNames;
import io.notify.runtime.health.Verdict;
import io.notify.schemas.Channel;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;

/**
 * When an instance is ready: Kafka Streams RUNNING, no active task restoring its stores, and
 * every contact-data input partition of its active tasks committed up to its end. Before that
 * an event can meet a user, device or opt-out the database already has but the enricher does
 * not, and be dead-lettered as an unknown user or sent against the user's wish.
 * <p>
 * Contact data is decided by exclusion: every input except events, requests, statuses and the
 * channel records the notification log reads. The enricher's internal topics get renamed and
 * reshaped; a new or renamed one counts as contact data until it is listed here, so a mistake
 * makes readiness wait longer, never route early.
 */
public final class Readiness {

    private final Set<String> notContactData;

    public Readiness(String applicationId) {
        // The channel topics are inputs too: the notification log reads ROUTED from them.
        this.notContactData = Stream.concat(Stream.of(Topics.REQUESTS, Topics.STATUS,
                        repartition(applicationId, TopologyNames.REQUESTS_BY_USER)),
                Stream.of(Channel.values()).map(Topics::channel)).collect(Collectors.toUnmodifiableSet());
    }

    public boolean carriesContactData(String topic) {
        return !topic.startsWith(Topics.EVENTS_PREFIX) && !notContactData.contains(topic);
    }

    public Set<TopicPartition> contactDataInputs(Collection<TaskMetadata> activeTasks) {
        return activeTasks.stream()
                .flatMap(task -> task.topicPartitions().stream())
                .filter(partition -> carriesContactData(partition.topic()))
                .collect(Collectors.toSet());
    }

    /** {@code restoring}: the changelog partitions being restored; {@code lag} is asked only when nothing else fails. */
    public Verdict judge(KafkaStreams.State state, Set<String> restoring, Collection<TaskMetadata> activeTasks, InputLag lag) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("state", state.name());
        if (state != KafkaStreams.State.RUNNING) {
            return Verdict.fail(facts);
        }
        facts.put("restoring", restoring);
        if (!restoring.isEmpty()) {
            return Verdict.fail(facts);
        }
        Map<TopicPartition, Long> lags;
        try {
            lags = lag.of(contactDataInputs(activeTasks));
        } catch (InputLag.UnknownLagException e) {
            facts.put("lagging", "unknown: " + e.getCause().getClass().getSimpleName());
            return Verdict.fail(facts);
        }
        Map<String, Long> lagging = new TreeMap<>();
        lags.forEach((partition, records) -> {
            if (records > 0) {
                lagging.put(partition.toString(), records);
            }
        });
        facts.put("lagging", lagging);
        return lagging.isEmpty() ? Verdict.pass(facts) : Verdict.fail(facts);
    }

    private static String repartition(String applicationId, String name) {
        return applicationId + "-" + name + "-repartition";
    }
}
