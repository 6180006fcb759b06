package io.notify.cli.topics;

import io.notify.cli.connection.ClusterOptions;
import io.notify.contract.Topics;
import io.notify.runtime.topics.TopicProvisioner;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "topics", mixinStandardHelpOptions = true,
        description = {"Creates every topic of the contract that is missing, with its partitions and cleanup policy,",
                "and checks the ones that exist. Existing topics are never changed: a mismatch is reported (exit 1)."})
public final class TopicsCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--replication-factor", defaultValue = "1", description = "For the topics it creates (default ${DEFAULT-VALUE}; use 3 on a real cluster).")
    short replicationFactor;

    @Override
    public Integer call() throws Exception {
        try (Admin admin = cluster.resolve().reachableAdmin()) {
            TopicProvisioner.Report report = new TopicProvisioner(admin, replicationFactor).ensure(Topics.all());
            report.created().forEach(name -> System.out.println("created   " + name));
            report.verified().forEach(name -> System.out.println("verified  " + name));
            report.mismatches().forEach(problem -> System.out.println("MISMATCH  " + problem));
            return report.ok() ? 0 : 1;
        }
    }
}
