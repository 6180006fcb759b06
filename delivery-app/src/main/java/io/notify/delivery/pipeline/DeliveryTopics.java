package io.notify.delivery.pipeline;

import io.notify.contract.Topics;
import io.notify.delivery.retry.RetryTier;
import io.notify.delivery.retry.RetryTopics;
import io.notify.schemas.Channel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the topics only the delivery app uses: retry tiers (same partition count as their
 * channel topic, so a retried record stays on its user's partition number) and the ledger
 * (co-partitioned with the channel topics, which must therefore share one partition count).
 * Idempotent: topics that exist are left as they are.
 */
public final class DeliveryTopics {

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private DeliveryTopics() {
    }

    public static void ensure(Admin admin, Collection<Channel> channels, List<RetryTier> tiers,
                              String ledgerTopic, Duration ledgerRetention) {
        List<NewTopic> wanted = new ArrayList<>();
        Set<Integer> channelPartitions = new TreeSet<>();
        for (Channel channel : channels) {
            int partitions = partitionsOf(admin, Topics.channel(channel));
            channelPartitions.add(partitions);
            tiers.forEach(tier -> wanted.add(new NewTopic(RetryTopics.of(channel, tier), Optional.of(partitions), Optional.empty())));
            wanted.add(new NewTopic(Topics.channelDlq(channel), Optional.of(partitions), Optional.empty()));
            wanted.add(new NewTopic(Topics.channelUrgent(channel), Optional.of(partitions), Optional.empty()));
        }
        int ledgerPartitions = channelPartitions.isEmpty() ? Topics.USER_KEYED_PARTITIONS : channelPartitions.iterator().next();
        wanted.add(new NewTopic(ledgerTopic, Optional.of(ledgerPartitions), Optional.empty())
                .configs(Map.of("cleanup.policy", "compact,delete", "retention.ms", Long.toString(ledgerRetention.toMillis()))));
        wanted.add(new NewTopic(Topics.STATUS, Optional.of(Topics.USER_KEYED_PARTITIONS), Optional.empty())
                .configs(Map.of("cleanup.policy", "compact")));
        wanted.add(new NewTopic(Topics.DEVICE_FEEDBACK, Optional.of(Topics.USER_KEYED_PARTITIONS), Optional.empty())
                .configs(Map.of("cleanup.policy", "compact")));
        create(admin, wanted);
        // A ledger entry goes to the partition number its record was read from.
        int ledgerHas = partitionsOf(admin, ledgerTopic);
        if (channelPartitions.size() > 1 || ledgerHas != ledgerPartitions) {
            throw new IllegalStateException("the channel topics (partitions " + channelPartitions + ") and " + ledgerTopic
                    + " (" + ledgerHas + ") must have one partition count: the ledger is co-partitioned with them");
        }
    }

    private static int partitionsOf(Admin admin, String topic) {
        try {
            Map<String, TopicDescription> described = admin.describeTopics(Set.of(topic)).allTopicNames()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return described.get(topic).partitions().size();
        } catch (ExecutionException e) {
            return Topics.USER_KEYED_PARTITIONS;
        } catch (InterruptedException | TimeoutException e) {
            throw failure("cannot describe " + topic, e);
        }
    }

    private static void create(Admin admin, List<NewTopic> topics) {
        admin.createTopics(topics).values().forEach((name, future) -> {
            try {
                future.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw failure("cannot create topic " + name, e.getCause());
                }
            } catch (InterruptedException | TimeoutException e) {
                throw failure("cannot create topic " + name, e);
            }
        });
    }

    private static IllegalStateException failure(String message, Throwable cause) {
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new IllegalStateException(message, cause);
    }
}
