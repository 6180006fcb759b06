package io.notify.delivery.deadletter;

import io.notify.runtime.config.ConfigSource;
import io.notify.runtime.config.KafkaSettings;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dlq list --topic notify.sms.dlq [--reason twilio:21211]} and
 * {@code dlq replay --topic notify.sms.dlq --reason retries_exhausted}. Cluster settings come
 * from the environment like the app's ({@code NOTIFY_KAFKA_BOOTSTRAP_SERVERS}, ...).
 */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = "List dead letters, or replay them to their original topic.",
        subcommands = {DeadLetterCommand.ListLetters.class, DeadLetterCommand.ReplayLetters.class})
public final class DeadLetterCommand implements Runnable {

    @Spec
    CommandLine.Model.CommandSpec spec;

    /** Without a subcommand: print the usage. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static int run(ConfigSource config, String... args) {
        DeadLetterQueue queue = new DeadLetterQueue(KafkaSettings.from(config).clientProperties());
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == ListLetters.class) {
                    return type.cast(new ListLetters(queue));
                }
                if (type == ReplayLetters.class) {
                    return type.cast(new ReplayLetters(queue));
                }
                return CommandLine.defaultFactory().create(type);
            }
        };
        return new CommandLine(new DeadLetterCommand(), factory).execute(args);
    }

    /** Options both subcommands take. */
    static class Selection {
        @Option(names = "--topic", required = true, description = "The DLQ topic, e.g. notify.email.dlq")
        String topic;

        @Option(names = "--reason", description = "Only letters with this reason or reason code")
        String reason;

        @Spec
        CommandLine.Model.CommandSpec spec;

        Optional<String> reason() {
            return Optional.ofNullable(reason).filter(r -> !r.isBlank());
        }

        void print(List<DeadLetterEntry> entries) {
            PrintWriter out = spec.commandLine().getOut();
            out.println("letter\ttimestamp\treason\tattempt\toriginal\terror");
            entries.forEach(entry -> out.println(entry.toLine()));
            out.flush();
        }
    }

    @Command(name = "list", description = "Print each dead letter's headers (never its payload).")
    static final class ListLetters extends Selection implements Callable<Integer> {
        private final DeadLetterQueue queue;

        ListLetters(DeadLetterQueue queue) {
            this.queue = queue;
        }

        @Override
        public Integer call() {
            List<DeadLetterEntry> entries = queue.list(topic, reason());
            print(entries);
            spec.commandLine().getOut().println(entries.size() + " dead letters");
            return 0;
        }
    }

    @Command(name = "replay", description = "Send matching dead letters back to their original topic.")
    static final class ReplayLetters extends Selection implements Callable<Integer> {
        private final DeadLetterQueue queue;

        ReplayLetters(DeadLetterQueue queue) {
            this.queue = queue;
        }

        @Override
        public Integer call() {
            List<DeadLetterEntry> replayed = queue.replay(topic, reason());
            print(replayed);
            spec.commandLine().getOut().println(replayed.size() + " dead letters replayed");
            return 0;
        }
    }
}
