package io.notify.enricher.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.notify.contract.Topics;
import io.notify.runtime.health.Verdict;
import io.notify.schemas.Channel;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

class ReadinessTest {

    private static final String APP = "notify-enricher";
    private static final TopicPartition USERS_0 = new TopicPartition(Topics.CDC_USERS, 0);
    private static final TopicPartition CHANGES_BY_USER_0 = new TopicPartition(APP + "-contact-changes-by-user-repartition", 0);

    /** One task's inputs as the enricher's topology has them: events, requests, statuses, channel records and contact data. */
    private static final TaskMetadata TASK_0 = task(0,
            new TopicPartition(Topics.EVENTS_SHOP, 0),
            new TopicPartition(Topics.REQUESTS, 0),
            new TopicPartition(Topics.STATUS, 0),
            new TopicPartition(Topics.channel(Channel.IOS), 0),
            new TopicPartition(Topics.channel(Channel.EMAIL), 0),
            new TopicPartition(APP + "-requests-by-user-repartition", 0),
            USERS_0,
            new TopicPartition(Topics.CDC_DEVICES, 0),
            new TopicPartition(Topics.CDC_SETTINGS, 0),
            CHANGES_BY_USER_0);

    private final Readiness readiness = new Readiness(APP);

    @Test
    void shouldCountAsContactDataEveryInputButEventsRequestsStatusesAndChannelRecords() {
        assertThat(readiness.contactDataInputs(List.of(TASK_0)).stream().map(TopicPartition::topic).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(Topics.CDC_USERS, Topics.CDC_DEVICES, Topics.CDC_SETTINGS,
                        APP + "-contact-changes-by-user-repartition");
    }

    @Test
    void shouldCountARenamedInternalTopicAsContactDataSoReadinessWaitsForIt() {
        TaskMetadata reshaped = task(1, new TopicPartition(APP + "-contacts-by-user-v2-repartition", 1),
                new TopicPartition(Topics.EVENTS_BILLING, 1));

        assertThat(readiness.contactDataInputs(List.of(reshaped)))
                .containsExactly(new TopicPartition(APP + "-contacts-by-user-v2-repartition", 1));
    }

    @Test
    void shouldBeReadyWhenRunningNothingRestoresAndNoContactDataLags() {
        Verdict verdict = readiness.judge(KafkaStreams.State.RUNNING, Set.of(), List.of(TASK_0), noLag());

        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.body()).containsEntry("status", "UP").containsEntry("lagging", Map.of());
    }

    @Test
    void shouldNotBeReadyWhileAContactDataPartitionLagsAndSayWhichByHowMuch() {
        Verdict verdict = readiness.judge(KafkaStreams.State.RUNNING, Set.of(), List.of(TASK_0),
                partitions -> lagOf(partitions, Map.of(USERS_0, 3L, CHANGES_BY_USER_0, 1L)));

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.body()).containsEntry("status", "DOWN")
                .containsEntry("lagging", Map.of(Topics.CDC_USERS + "-0", 3L, APP + "-contact-changes-by-user-repartition-0", 1L));
    }

    @Test
    void shouldStayReadyWhileOnlyEventsRequestsStatusesAndChannelRecordsLag() {
        InputLag everythingLags = partitions -> partitions.stream().collect(Collectors.toMap(p -> p,
                p -> readiness.carriesContactData(p.topic()) ? 0L : 500L));

        assertThat(readiness.judge(KafkaStreams.State.RUNNING, Set.of(), List.of(TASK_0), everythingLags).passed()).isTrue();
    }

    @Test
    void shouldNotBeReadyWhileAStoreRestoresThoughStreamsSaysRunning() {
        Verdict verdict = readiness.judge(KafkaStreams.State.RUNNING, Set.of(APP + "-users-changelog-0"), List.of(TASK_0), noLag());

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.body()).containsEntry("restoring", Set.of(APP + "-users-changelog-0"));
    }

    @Test
    void shouldNotBeReadyUnlessRunning() {
        for (KafkaStreams.State state : List.of(KafkaStreams.State.CREATED, KafkaStreams.State.REBALANCING,
                KafkaStreams.State.PENDING_SHUTDOWN, KafkaStreams.State.ERROR)) {
            Verdict verdict = readiness.judge(state, Set.of(), List.of(TASK_0), noLag());

            assertThat(verdict.passed()).as(state.name()).isFalse();
            assertThat(verdict.body()).containsEntry("state", state.name());
        }
    }

    @Test
    void shouldNotBeReadyWhenTheLagCannotBeRead() {
        Verdict verdict = readiness.judge(KafkaStreams.State.RUNNING, Set.of(), List.of(TASK_0), partitions -> {
            throw new InputLag.UnknownLagException(new java.util.concurrent.TimeoutException());
        });

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.body()).containsEntry("lagging", "unknown: TimeoutException");
    }

    private static InputLag noLag() {
        return partitions -> lagOf(partitions, Map.of());
    }

    private static Map<TopicPartition, Long> lagOf(Set<TopicPartition> asked, Map<TopicPartition, Long> lagging) {
        return asked.stream().collect(Collectors.toMap(p -> p, p -> lagging.getOrDefault(p, 0L)));
    }

    private static TaskMetadata task(int partition, TopicPartition... inputs) {
        Set<TopicPartition> partitions = new HashSet<>(Arrays.asList(inputs));
        return new TaskMetadata() {
            @Override
            public TaskId taskId() {
                return new TaskId(0, partition);
            }

            @Override
            public Set<TopicPartition> topicPartitions() {
                return partitions;
            }

            @Override
            public Map<TopicPartition, Long> committedOffsets() {
                return Map.of();
            }

            @Override
            public Map<TopicPartition, Long> endOffsets() {
                return Map.of();
            }

            @Override
            public Optional<Long> timeCurrentIdlingStarted() {
                return Optional.empty();
            }
        };
    }
}
