package io.notify.delivery;

import io.notify.delivery.retry.RetryTiers;
import io.notify.runtime.config.ConfigSource;
import io.notify.runtime.config.KafkaSettings;
import io.notify.schemas.Channel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Every setting of the delivery app's Kafka side, read once. Keys and local defaults:
 * <pre>
 * delivery.channels               ios,android,sms,email  channels this instance consumes (those with an adapter)
 * delivery.group.prefix           notify-delivery        consumer groups: prefix-ios, prefix-ios-retry-5s, ...
 * delivery.inflight.max           256                    records per channel between poll and finished
 * delivery.inflight.urgent.max    64                     the same for the channel's urgent lane, a budget of its own
 * delivery.handoff.threads        4                      threads per channel that write outcomes and start a user's next send
 * delivery.retry.tiers            5s,1m,10m              backoff tiers, one retry topic each
 * delivery.send.timeout           PT30S                  an adapter answer later than this counts as a timeout
 * delivery.poll.timeout           PT0.1S
 * delivery.commit.interval        PT1S
 * delivery.drain.timeout          PT15S                  how long a revoke or close waits for in-flight sends
 * delivery.ledger.topic           notify.delivery.ledger
 * delivery.ledger.retention       P7D                    how long a SENT entry blocks a resend
 * delivery.state.dir              $TMPDIR/notify-delivery/PREFIX   the ledger's local store; one per instance
 * delivery.metrics.port           9464                   GET /metrics, /health/live, /health/ready; 0 picks a free port, -1 disables
 * delivery.feedback.enabled       true                   run the device-feedback sink (needs userdb.*)
 * userdb.jdbc.url / userdb.user / userdb.password (or userdb.password.file)
 * </pre>
 */
public record DeliverySettings(
        KafkaSettings kafka,
        Set<Channel> channels,
        String groupPrefix,
        int inFlightMax,
        int urgentInFlightMax,
        int handoffThreads,
        RetryTiers retryTiers,
        Duration sendTimeout,
        Duration pollTimeout,
        Duration commitInterval,
        Duration drainTimeout,
        String ledgerTopic,
        Duration ledgerRetention,
        Path stateDirectory,
        int metricsPort,
        boolean feedbackEnabled,
        Optional<UserDb> userDb) {

    /** Where the device-feedback sink writes. */
    public record UserDb(String jdbcUrl, String user, String password) {
    }

    public static DeliverySettings from(ConfigSource config) {
        return new DeliverySettings(
                KafkaSettings.from(config),
                channels(config.string("delivery.channels", "ios,android,sms,email")),
                groupPrefix(config),
                config.integer("delivery.inflight.max", 256),
                config.integer("delivery.inflight.urgent.max", 64),
                config.integer("delivery.handoff.threads", 4),
                RetryTiers.parse(config.string("delivery.retry.tiers", RetryTiers.DEFAULT)),
                config.duration("delivery.send.timeout", Duration.ofSeconds(30)),
                config.duration("delivery.poll.timeout", Duration.ofMillis(100)),
                config.duration("delivery.commit.interval", Duration.ofSeconds(1)),
                config.duration("delivery.drain.timeout", Duration.ofSeconds(15)),
                config.string("delivery.ledger.topic", "notify.delivery.ledger"),
                config.duration("delivery.ledger.retention", Duration.ofDays(7)),
                Path.of(config.string("delivery.state.dir",
                        Path.of(System.getProperty("java.io.tmpdir"), "notify-delivery", groupPrefix(config)).toString())),
                config.integer("delivery.metrics.port", 9464),
                config.bool("delivery.feedback.enabled", true),
                config.find("userdb.jdbc.url").map(url -> new UserDb(url,
                        config.string("userdb.user", "notify"),
                        config.secret("userdb.password").orElse(""))));
    }

    private static String groupPrefix(ConfigSource config) {
        return config.string("delivery.group.prefix", "notify-delivery");
    }

    private static Set<Channel> channels(String commaSeparated) {
        Set<Channel> result = EnumSet.noneOf(Channel.class);
        Arrays.stream(commaSeparated.split(","))
                .map(String::strip)
                .filter(name -> !name.isEmpty())
                .forEach(name -> result.add(Channel.valueOf(name.toUpperCase(Locale.ROOT))));
        return result;
    }
}
