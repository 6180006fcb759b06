package io.notify.enricher.health;

import io.notify.runtime.health.Health;
import io.notify.runtime.health.Verdict;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;

/** The probes of one running {@link KafkaStreams} client of the enricher. */
public final class StreamsHealth implements Health, AutoCloseable {

    /** Below a probe's own timeout (compose gives 5 s), so a slow cluster answers 503, not no answer. */
    private static final Duration OFFSETS_TIMEOUT = Duration.ofSeconds(3);
    private static final Set<KafkaStreams.State> BEYOND_REPAIR =
            EnumSet.of(KafkaStreams.State.ERROR, KafkaStreams.State.PENDING_ERROR, KafkaStreams.State.NOT_RUNNING);

    private static final Set<String> DYING_THREAD_STATES = Set.of("PENDING_SHUTDOWN", "DEAD");

    private final KafkaStreams streams;
    private final RestoringPartitions restoring;
    private final Readiness readiness;
    private final CommittedLag lag;

    private StreamsHealth(KafkaStreams streams, RestoringPartitions restoring, Readiness readiness, CommittedLag lag) {
        this.streams = streams;
        this.restoring = restoring;
        this.readiness = readiness;
        this.lag = lag;
    }

    /** Before {@code streams.start()}: a restore listener can only be set on a client not yet started. */
    public static StreamsHealth watch(KafkaStreams streams, String applicationId, Map<String, Object> clientProperties) {
        RestoringPartitions restoring = new RestoringPartitions();
        streams.setGlobalStateRestoreListener(restoring);
        Map<String, Object> admin = new HashMap<>(clientProperties);
        admin.put(AdminClientConfig.CLIENT_ID_CONFIG, applicationId + "-health");
        return new StreamsHealth(streams, restoring, new Readiness(applicationId),
                new CommittedLag(Admin.create(admin), new UnreadRecords(admin), applicationId, OFFSETS_TIMEOUT));
    }

    @Override
    public Verdict live() {
        KafkaStreams.State state = streams.state();
        // A thread that died is replaced by the uncaught-exception handler; none left means no progress, ever.
        long threads = streams.metadataForLocalThreads().stream()
                .filter(thread -> !DYING_THREAD_STATES.contains(thread.threadState())).count();
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("state", state.name());
        facts.put("streamThreads", threads);
        return !BEYOND_REPAIR.contains(state) && threads > 0 ? Verdict.pass(facts) : Verdict.fail(facts);
    }

    @Override
    public Verdict ready() {
        return readiness.judge(streams.state(), restoring.now(), activeTasks(), lag);
    }

    private Collection<TaskMetadata> activeTasks() {
        return streams.metadataForLocalThreads().stream()
                .flatMap(thread -> thread.activeTasks().stream())
                .collect(Collectors.toList());
    }

    @Override
    public void close() {
        lag.close();
    }
}
