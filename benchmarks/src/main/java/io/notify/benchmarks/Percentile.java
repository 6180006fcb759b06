package io.notify.benchmarks;

/** The nearest-rank percentile of sorted samples. */
final class Percentile {

    private Percentile() {
    }

    static double of(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)];
    }
}
