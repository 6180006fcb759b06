package io.notify.benchmarks;

import io.notify.stack.LocalStack;
import io.notify.stack.StackOptions;
import io.notify.stack.TemporaryDirectory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./notify bench}: every platform benchmark on one real local stack, a table each, then
 * one JSON line with all the figures. {@code --short} is the quick check.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measures the platform on this machine's real local stack: enricher throughput against a "
                + "pass-through Streams baseline, end-to-end latency at a fixed load with each app's peak RSS, and "
                + "the delivery app against the raw Pushy and sendgrid-java clients, and its start-up and memory with a "
                + "large delivery ledger.")
public final class Bench implements Callable<Integer> {

    @Option(names = "--short", description = "Small sizes for a quick check (a few minutes in all; one part fits in about a minute).")
    boolean quick;

    @Option(names = "--events", paramLabel = "N", description = "Events for the throughput run (default 1 000 000; short 10 000).")
    Integer events;

    @Option(names = "--users", paramLabel = "K", description = "Users with 1-3 devices each (default 100 000; short 2 000).")
    Integer users;

    @Option(names = "--rate", paramLabel = "EVENTS_PER_S", description = "Offered load for the latency run (default ${DEFAULT-VALUE}).")
    int rate = 2000;

    @Option(names = "--latency-seconds", paramLabel = "S", description = "How long the load is offered (default 60; short 5).")
    Integer latencySeconds;

    @Option(names = "--warm-up-seconds", paramLabel = "S",
            description = "Load at 50 events/s before the latency run, delivered and then forgotten (default 30; short 5).")
    Integer warmUpSeconds;

    @Option(names = "--pushes", paramLabel = "N", description = "Notifications per delivery run (default 50 000; short 1 000).")
    Integer pushes;

    @Option(names = "--ledger-entries", paramLabel = "N",
            description = "Sent notifications in the delivery ledger benchmark (default 10 000 000; short 100 000).")
    Integer ledgerEntries;

    @Option(names = "--backlog", paramLabel = "N",
            description = "Marketing pushes waiting when urgent ones arrive, in the lanes benchmark (default 100 000; short 5 000).")
    Integer backlog;

    @Option(names = "--only", paramLabel = "BENCH", split = ",",
            description = "Some of: ${COMPLETION-CANDIDATES} (default all). `--short --only enricher` fits in a minute.")
    Set<Part> only = EnumSet.allOf(Part.class);

    enum Part { ENRICHER, LATENCY, DELIVERY, LEDGER, LANES }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Bench()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        int eventCount = events != null ? events : quick ? 10_000 : 1_000_000;
        BenchmarkUsers benchmarkUsers = new BenchmarkUsers(users != null ? users : quick ? 2_000 : 100_000);
        Duration offered = Duration.ofSeconds(latencySeconds != null ? latencySeconds : quick ? 5 : 60);
        Duration warmUp = Duration.ofSeconds(warmUpSeconds != null ? warmUpSeconds : quick ? 5 : 30);
        long started = System.nanoTime();
        List<String> json = new ArrayList<>();
        if (only.contains(Part.ENRICHER) || only.contains(Part.LATENCY)) {
            try (TemporaryDirectory directory = TemporaryDirectory.create("notify-bench");
                 LocalStack stack = LocalStack.start(StackOptions.ephemeral(directory.path()))) {
                benchmarkUsers.insert(stack.endpoints());
                if (only.contains(Part.ENRICHER)) {
                    EnricherThroughput.Result enricher = new EnricherThroughput(stack.endpoints(), benchmarkUsers, eventCount).run();
                    EnricherThroughput.print(enricher, benchmarkUsers.count());
                    json.add(EnricherThroughput.json(enricher, benchmarkUsers.count()));
                    FreshTopics.recreate(stack.endpoints());
                }
                if (only.contains(Part.LATENCY)) {
                    EndToEndLatency.Result latency = new EndToEndLatency(stack, benchmarkUsers, rate, offered, warmUp).run();
                    EndToEndLatency.print(latency);
                    json.add(EndToEndLatency.json(latency));
                }
            }
        }
        if (only.contains(Part.DELIVERY)) {
            // A stack of its own: it measures the delivery app alone, against the raw provider clients.
            json.add(DeliveryThroughput.measure(pushes != null ? pushes : quick ? 1_000 : 50_000, !quick));
        }
        if (only.contains(Part.LANES)) {
            json.add(UrgentLane.measure(backlog != null ? backlog : quick ? 5_000 : 100_000));
        }
        if (only.contains(Part.LEDGER)) {
            json.add(LedgerScale.measure(ledgerEntries != null ? ledgerEntries : quick ? 100_000 : 10_000_000));
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "{\"mode\":\"%s\",\"at\":\"%s\",\"cores\":%d,\"java\":\"%s\",\"seconds\":%.0f,\"results\":[%s]}%n",
                quick ? "short" : "full", Instant.now(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), Seconds.since(started), String.join(",", json));
        return 0;
    }
}
