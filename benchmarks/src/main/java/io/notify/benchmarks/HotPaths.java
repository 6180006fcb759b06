package io.notify.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the hot-path benchmarks with a short default configuration (1 fork, 2 x 1 s warmup,
 * 3 x 1 s measurement, throughput in ops/ms) and prints JMH's table. With arguments, they are
 * JMH's own command line instead (e.g. {@code -f 3 -wi 5 -i 10 Rendering}), defaults and all.
 */
public final class HotPaths {

    private HotPaths() {
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        Options options = args.length > 0 ? new CommandLineOptions(args) : shortRun();
        new Runner(options).run();
    }

    private static Options shortRun() {
        return new OptionsBuilder()
                .include(RenderingBenchmark.class.getSimpleName())
                .include(DedupeStoreBenchmark.class.getSimpleName())
                .include(AvroSerdeBenchmark.class.getSimpleName())
                .include(DatumProviderBenchmark.class.getSimpleName())
                .forks(1)
                .warmupIterations(2)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(3)
                .measurementTime(TimeValue.seconds(1))
                .mode(Mode.Throughput)
                .timeUnit(TimeUnit.MILLISECONDS)
                .build();
    }
}
