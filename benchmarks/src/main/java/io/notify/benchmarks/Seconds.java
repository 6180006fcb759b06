package io.notify.benchmarks;

/** Elapsed wall-clock time, as every benchmark here reports it. */
final class Seconds {

    private Seconds() {
    }

    static double since(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
