package io.notify.delivery.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    private static final TopicPartition P0 = new TopicPartition("notify.ios", 0);
    private static final TopicPartition P1 = new TopicPartition("notify.ios", 1);

    private final OffsetTracker tracker = new OffsetTracker();

    @Test
    void shouldCommitOnlyTheContiguousPrefixWhenRecordsFinishOutOfOrder() {
        startAll(P0, 10, 11, 12, 13);
        tracker.finished(P0, 12);
        tracker.finished(P0, 13);

        assertThat(tracker.takeCommittable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(10)));

        tracker.finished(P0, 10);
        assertThat(tracker.takeCommittable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(11)));

        tracker.finished(P0, 11);
        assertThat(tracker.takeCommittable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(14)));
    }

    @Test
    void shouldNotOfferThePositionAgainWhenNothingMoved() {
        startAll(P0, 5);
        tracker.finished(P0, 5);
        tracker.takeCommittable();

        assertThat(tracker.takeCommittable()).isEmpty();
    }

    @Test
    void shouldKeepPartitionsIndependent() {
        startAll(P0, 1, 2);
        startAll(P1, 7);
        tracker.finished(P1, 7);
        tracker.finished(P0, 2);

        assertThat(tracker.takeCommittable()).containsOnly(
                Map.entry(P0, new OffsetAndMetadata(1)),
                Map.entry(P1, new OffsetAndMetadata(8)));
        assertThat(tracker.unfinished(List.of(P0))).isEqualTo(1);
        assertThat(tracker.unfinished(List.of(P1))).isZero();
    }

    @Test
    void shouldGiveTheFinalPositionOfUnchangedPartitionsForTheLastCommit() {
        startAll(P0, 3, 4);
        tracker.finished(P0, 3);
        tracker.takeCommittable();

        assertThat(tracker.positions(List.of(P0, P1))).containsExactly(Map.entry(P0, new OffsetAndMetadata(4)));
    }

    @Test
    void shouldForgetRevokedPartitionsAndIgnoreTheirLateCompletions() {
        startAll(P0, 1);
        tracker.forget(List.of(P0));
        tracker.finished(P0, 1);

        assertThat(tracker.takeCommittable()).isEmpty();
        assertThat(tracker.unfinished()).isZero();
    }

    private void startAll(TopicPartition partition, long... offsets) {
        for (long offset : offsets) {
            tracker.started(partition, offset);
        }
    }
}
