package io.notify.delivery.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class KeyedSequencerTest {

    private final KeyedSequencer sequencer = new KeyedSequencer(Runnable::run);
    private final List<String> started = new ArrayList<>();

    @Test
    void shouldStartTheNextWorkOfAKeyOnlyAfterThePreviousFinished() {
        CompletableFuture<Void> first = new CompletableFuture<>();
        sequencer.submit("u-1", () -> start("first", first));
        sequencer.submit("u-1", () -> start("second", CompletableFuture.completedFuture(null)));

        assertThat(started).containsExactly("first");
        first.complete(null);
        assertThat(started).containsExactly("first", "second");
    }

    @Test
    void shouldRunDifferentKeysInParallel() {
        sequencer.submit("u-1", () -> start("u-1", new CompletableFuture<>()));
        sequencer.submit("u-2", () -> start("u-2", new CompletableFuture<>()));

        assertThat(started).containsExactly("u-1", "u-2");
    }

    @Test
    void shouldGoOnWithAKeyAfterItsPreviousWorkFailed() {
        CompletableFuture<Void> first = new CompletableFuture<>();
        sequencer.submit("u-1", () -> start("first", first));
        CompletableFuture<Void> second = sequencer.submit("u-1", () -> start("second", CompletableFuture.completedFuture(null)));

        first.completeExceptionally(new IllegalStateException("provider exploded"));

        assertThat(second).isCompleted();
        assertThat(started).containsExactly("first", "second");
    }

    @Test
    void shouldForgetAKeyOnceItsWorkIsDone() {
        CompletableFuture<Void> work = new CompletableFuture<>();
        sequencer.submit("u-1", () -> start("only", work));
        assertThat(sequencer.activeKeys()).isEqualTo(1);

        work.complete(null);
        assertThat(sequencer.activeKeys()).isZero();
    }

    private synchronized CompletableFuture<Void> start(String name, CompletableFuture<Void> work) {
        started.add(name);
        return work;
    }
}
