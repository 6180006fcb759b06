package io.notify.enricher.trace;

import static io.notify.enricher.support.EnricherHarness.ORDER_SHIPPED;
import static org.assertj.core.api.Assertions.assertThat;

import io.notify.contract.Topics;
import io.notify.runtime.deadletter.DeadLetterHeaders;
import io.notify.enricher.support.EnricherHarness;
import io.notify.enricher.trace.ExpectedTrace.Decision;
import io.notify.enricher.trace.ExpectedTrace.Output;
import io.notify.schemas.DeliveryState;
import io.notify.schemas.NotificationMeta;
import io.notify.schemas.NotificationStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The trace contract: every input event ends in exactly one dead letter, or — for every channel
 * it concerns — one record per address or one SUPPRESSED status with its reason; a repeated event
 * id is the one input that yields nothing. Users, devices, settings, templates and events arrive
 * in random orders (an event may come before its user's row, a device may move, a template may
 * go); after every step, what the enricher wrote for the inputs decided by that step is compared
 * with what {@link ExpectedTrace} derives from the inputs.
 */
class TraceContractTest {

    private static final Map<String, String> CONFIG = Map.of("enricher.rate.limit.per.hour", "0");

    @Property(tries = 60)
    void everyInputIsAccountedForExactlyOnce(@ForAll("plays") List<Step> steps) {
        try (EnricherHarness enricher = EnricherHarness.start(CONFIG)) {
            Play play = new Play(enricher);
            for (Step step : steps) {
                List<Decision> decided = play.apply(step);
                play.assertWritten(decided);
            }
            play.assertWritten(play.giveUp());
        }
    }

    @Provide
    Arbitrary<List<Step>> plays() {
        Arbitrary<String> user = Arbitraries.of(ExpectedTrace.USERS);
        Arbitrary<String> anyUser = Arbitraries.of("u-1", "u-2", "u-3", ExpectedTrace.UNKNOWN);
        Arbitrary<String> channel = Arbitraries.of(ExpectedTrace.CHANNELS);
        Arbitrary<Long> deviceId = Arbitraries.longs().between(1, 6);
        Arbitrary<Step> step = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Combinators.combine(user, Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(0, 2)).as(Step.UserUpsert::new)),
                net.jqwik.api.Tuple.of(1, user.map(Step.UserDelete::new)),
                net.jqwik.api.Tuple.of(4, Combinators.combine(deviceId, user, Arbitraries.of("ios", "android"),
                        Arbitraries.of(false, false, true)).as(Step.DeviceUpsert::new)),
                net.jqwik.api.Tuple.of(1, deviceId.map(Step.DeviceDelete::new)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(user, channel, Arbitraries.of(true, false)).as(Step.SettingUpsert::new)),
                net.jqwik.api.Tuple.of(1, Combinators.combine(user, channel).as(Step.SettingDelete::new)),
                net.jqwik.api.Tuple.of(3, channel.map(Step.TemplateUpsert::new)),
                net.jqwik.api.Tuple.of(1, channel.map(Step.TemplateDelete::new)),
                net.jqwik.api.Tuple.of(8, Combinators.combine(anyUser, Arbitraries.of(false, false, false, true)).as(Step.Event::new)));
        return step.list().ofMinSize(1).ofMaxSize(40);
    }

    /** Plays steps into the enricher and into the expectation side by side. */
    private static final class Play {

        private final EnricherHarness enricher;
        private final ExpectedTrace expected = new ExpectedTrace();
        private final Map<String, String> lastEventOf = new HashMap<>();
        private int events;
        private int tokens;

        Play(EnricherHarness enricher) {
            this.enricher = enricher;
        }

        List<Decision> apply(Step step) {
            List<Decision> decided = new ArrayList<>();
            if (step instanceof Step.UserUpsert u) {
                String email = switch (u.emailKind()) {
                    case 1 -> u.user() + "@example.com";
                    case 2 -> u.user() + "@localhost";
                    default -> null;
                };
                String phone = switch (u.phoneKind()) {
                    case 1 -> "+41446681800";
                    case 2 -> "0446681800";
                    default -> null;
                };
                enricher.user(u.user(), email, phone, "en");
                expected.user(u.user(), email, phone, decided);
            } else if (step instanceof Step.UserDelete u) {
                enricher.deleteUser(u.user());
                expected.deleteUser(u.user());
            } else if (step instanceof Step.DeviceUpsert d) {
                String token = "tok-" + d.id() + "-" + tokens++;
                enricher.device(d.id(), d.user(), d.platform(), token, d.invalidated() ? "2026-11-25T10:00:00.000000Z" : null);
                expected.device(d.id(), d.user(), d.platform(), token, d.invalidated());
            } else if (step instanceof Step.DeviceDelete d) {
                enricher.deleteDevice(d.id());
                expected.deleteDevice(d.id());
            } else if (step instanceof Step.SettingUpsert s) {
                enricher.setting(settingId(s.user(), s.channel()), s.user(), s.channel(), "shipping", s.optIn());
                expected.setting(s.user(), s.channel(), s.optIn());
            } else if (step instanceof Step.SettingDelete s) {
                enricher.notificationSettings.pipeInput(Long.toString(settingId(s.user(), s.channel())), (String) null);
                expected.setting(s.user(), s.channel(), null);
            } else if (step instanceof Step.TemplateUpsert t) {
                enricher.template(templateId(t.channel()), "order-shipped", ORDER_SHIPPED, t.channel(), "en", "shipping",
                        "Order {{orderId}}", "Order {{orderId}} ships with {{carrier}}", "<p>{{orderId}}</p>");
                expected.template(t.channel(), true);
            } else if (step instanceof Step.TemplateDelete t) {
                enricher.deleteTemplate(templateId(t.channel()));
                expected.template(t.channel(), false);
            } else if (step instanceof Step.Event e) {
                String eventId = e.repeat() && lastEventOf.containsKey(e.user()) ? lastEventOf.get(e.user()) : "e-" + events++;
                lastEventOf.put(e.user(), eventId);
                enricher.ship(eventId, e.user());
                expected.event(e.user(), eventId, decided);
            }
            return decided;
        }

        List<Decision> giveUp() {
            enricher.waitOutContactData();
            List<Decision> decided = new ArrayList<>();
            expected.giveUp(decided);
            return decided;
        }

        /** What was written since the last check is exactly what the decisions call for. */
        void assertWritten(List<Decision> decided) {
            Map<String, List<String>> deadLetters = new HashMap<>();
            for (TestRecord<byte[], byte[]> dead : enricher.deadLetters.readRecordsToList()) {
                String eventId = enricher.registry.generic().deserializer().deserialize(Topics.EVENTS_SHOP, dead.value())
                        .get("eventId").toString();
                deadLetters.computeIfAbsent(eventId, id -> new ArrayList<>())
                        .add(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.REASON).orElse("?"));
            }
            Map<String, List<String>> statuses = new HashMap<>();
            Set<String> decidedIds = new HashSet<>();
            for (NotificationStatus status : enricher.status.readValuesToList()) {
                assertThat(status.getState()).as("a routed notification is its channel record, not a status")
                        .isEqualTo(DeliveryState.SUPPRESSED);
                String channel = status.getChannel().name().toLowerCase(Locale.ROOT);
                statuses.computeIfAbsent(status.getSourceEventId(), id -> new ArrayList<>()).add(channel + ":" + status.getReason());
                assertThat(decidedIds.add(status.getNotificationId())).as("one status per notification").isTrue();
            }
            Map<String, List<String>> records = new HashMap<>();
            enricher.ios.readValuesToList().forEach(r -> record(records, decidedIds, r.getMeta(), "ios", r.getDeviceToken()));
            enricher.android.readValuesToList().forEach(r -> record(records, decidedIds, r.getMeta(), "android", r.getRegistrationToken()));
            enricher.sms.readValuesToList().forEach(r -> record(records, decidedIds, r.getMeta(), "sms", r.getPhoneNumber()));
            enricher.email.readValuesToList().forEach(r -> record(records, decidedIds, r.getMeta(), "email", r.getToAddress()));

            Map<String, List<String>> expectedDeadLetters = new HashMap<>();
            Map<String, List<String>> expectedStatuses = new HashMap<>();
            Map<String, List<String>> expectedRecords = new HashMap<>();
            for (Decision decision : decided) {
                if (decision.deadLetter() != null) {
                    expectedDeadLetters.computeIfAbsent(decision.eventId(), id -> new ArrayList<>()).add(decision.deadLetter());
                }
                for (Output output : decision.outputs()) {
                    if (output.outcome().equals("ROUTED")) {
                        expectedRecords.computeIfAbsent(decision.eventId(), id -> new ArrayList<>())
                                .add(output.channel() + ":" + output.address());
                    } else {
                        expectedStatuses.computeIfAbsent(decision.eventId(), id -> new ArrayList<>())
                                .add(output.channel() + ":" + output.outcome());
                    }
                }
            }
            assertThat(sorted(deadLetters)).as("dead letters by event").isEqualTo(sorted(expectedDeadLetters));
            assertThat(sorted(statuses)).as("suppressions by event").isEqualTo(sorted(expectedStatuses));
            assertThat(sorted(records)).as("channel records by event").isEqualTo(sorted(expectedRecords));
        }

        private static void record(Map<String, List<String>> records, Set<String> ids, NotificationMeta meta, String channel,
                                   String address) {
            records.computeIfAbsent(meta.getSourceEventId(), id -> new ArrayList<>()).add(channel + ":" + address);
            assertThat(ids.add(meta.getNotificationId())).as("one record or status per notification").isTrue();
        }

        private static Map<String, List<String>> sorted(Map<String, List<String>> byEvent) {
            Map<String, List<String>> copy = new java.util.TreeMap<>();
            byEvent.forEach((id, values) -> copy.put(id, values.stream().sorted().toList()));
            return copy;
        }

        private static long settingId(String user, String channel) {
            return 100L * ExpectedTrace.USERS.indexOf(user) + ExpectedTrace.CHANNELS.indexOf(channel) + 1;
        }

        private static long templateId(String channel) {
            return ExpectedTrace.CHANNELS.indexOf(channel) + 1;
        }
    }
}
