package io.notify.enricher.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.notify.enricher.routing.SuppressionReason;
import io.notify.enricher.support.EnricherHarness;
import io.notify.schemas.Channel;
import io.notify.schemas.Content;
import io.notify.schemas.DeliveryState;
import io.notify.schemas.EmailNotification;
import io.notify.schemas.NotificationRequested;
import io.notify.schemas.NotificationStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Whatever the mix of send-at times (none, past, future), cancellations, collapse keys and
 * clock advances: every request ends, once the clock has passed every due time, in exactly one
 * outcome on its channel — its record or a SUPPRESSED status, never both, never none — with at
 * most one HELD before it; nothing goes out before its send-at; a request is cancelled or
 * collapsed only by a later input that could do so; and one that nothing could cancel or
 * collapse goes out.
 */
class ScheduleInvariantsTest {

    private static final Instant T0 = EnricherHarness.START;
    private static final List<String> USERS = List.of("u-1", "u-2");

    sealed interface Step {
        /** {@code sendInMinutes}: null for now; may be negative (a send-at already past). */
        record Request(String user, Integer sendInMinutes, String cancellationKey, String collapseKey) implements Step {
        }

        record Cancel(String user, String key) implements Step {
        }

        record Advance(int minutes) implements Step {
        }
    }

    /** What a request asked for, and what could have cancelled or collapsed it. */
    private static final class Asked {
        final String eventId;
        final String user;
        final Instant sendAt;
        final String cancellationKey;
        final String collapseKey;
        boolean couldBeCancelled;
        boolean couldBeCollapsed;

        Asked(String eventId, Step.Request request, Instant now) {
            this.eventId = eventId;
            this.user = request.user();
            this.sendAt = request.sendInMinutes() == null ? null : now.plus(Duration.ofMinutes(request.sendInMinutes()));
            this.cancellationKey = request.cancellationKey();
            this.collapseKey = request.collapseKey();
        }
    }

    @Property(tries = 40)
    void everyRequestEndsOnceAndNeverBeforeItsSendAt(@ForAll("plays") List<Step> steps) {
        try (EnricherHarness enricher = EnricherHarness.start(Map.of("enricher.rate.limit.per.hour", "0"))) {
            USERS.forEach(user -> enricher.user(user, user + "@example.com", null, "en"));
            Map<String, Asked> asked = new HashMap<>();
            Map<String, List<String>> outcomes = new HashMap<>();
            Instant now = T0;
            int requests = 0;
            for (Step step : steps) {
                if (step instanceof Step.Request request) {
                    String eventId = "r-" + ++requests;
                    Asked ask = new Asked(eventId, request, now);
                    asked.values().stream().filter(earlier -> earlier.user.equals(ask.user) && ask.collapseKey != null
                            && ask.collapseKey.equals(earlier.collapseKey)).forEach(earlier -> earlier.couldBeCollapsed = true);
                    asked.put(eventId, ask);
                    enricher.requests.pipeInput(eventId, request(eventId, ask).build(), T0);
                } else if (step instanceof Step.Cancel cancel) {
                    String eventId = "c-" + ++requests;
                    asked.values().stream().filter(earlier -> earlier.user.equals(cancel.user()) && cancel.key().equals(earlier.cancellationKey))
                            .forEach(earlier -> earlier.couldBeCancelled = true);
                    enricher.requests.pipeInput(eventId, NotificationRequested.newBuilder().setEventId(eventId)
                            .setTo(List.of(cancel.user())).setFrom("ops@example.com").setSubject("").setContent(List.of())
                            .setCancels(cancel.key()).build(), T0);
                } else if (step instanceof Step.Advance advance) {
                    now = now.plus(Duration.ofMinutes(advance.minutes()));
                    enricher.advanceWallClock(Duration.ofMinutes(advance.minutes()));
                }
                collect(enricher, asked, outcomes, now);
            }
            now = now.plus(Duration.ofDays(1));
            enricher.advanceWallClock(Duration.ofDays(1));
            collect(enricher, asked, outcomes, now);

            for (Asked ask : asked.values()) {
                List<String> seen = outcomes.getOrDefault(ask.eventId, List.of());
                List<String> terminal = seen.stream().filter(o -> !o.equals("HELD")).toList();
                assertThat(terminal).as("one outcome for %s, got %s", ask.eventId, seen).hasSize(1);
                assertThat(seen.stream().filter("HELD"::equals).count()).as("at most one HELD for %s", ask.eventId).isLessThanOrEqualTo(1);
                assertThat(seen.get(seen.size() - 1)).as("HELD comes before the outcome of %s", ask.eventId).isNotEqualTo("HELD");
                String outcome = terminal.get(0);
                if (outcome.equals(SuppressionReason.CANCELLED)) {
                    assertThat(ask.couldBeCancelled).as("%s cancelled by nothing", ask.eventId).isTrue();
                } else if (outcome.equals(SuppressionReason.COLLAPSED)) {
                    assertThat(ask.couldBeCollapsed).as("%s collapsed by nothing", ask.eventId).isTrue();
                } else if (!ask.couldBeCancelled && !ask.couldBeCollapsed) {
                    assertThat(outcome).as("%s could only go out", ask.eventId).isEqualTo("ROUTED");
                }
            }
        }
    }

    /** Reads what the last step wrote; a record read at wall-clock {@code now} must not be before its send-at. */
    private static void collect(EnricherHarness enricher, Map<String, Asked> asked, Map<String, List<String>> outcomes, Instant now) {
        for (EmailNotification email : enricher.email.readValuesToList()) {
            Asked ask = asked.get(email.getMeta().getSourceEventId());
            assertThat(ask.sendAt == null || !now.isBefore(ask.sendAt)).as("%s sent before its send-at", ask.eventId).isTrue();
            outcomes.computeIfAbsent(ask.eventId, id -> new ArrayList<>()).add("ROUTED");
        }
        for (NotificationStatus status : enricher.status.readValuesToList()) {
            if (status.getChannel() == Channel.EMAIL && asked.containsKey(status.getSourceEventId())) {
                outcomes.computeIfAbsent(status.getSourceEventId(), id -> new ArrayList<>())
                        .add(status.getState() == DeliveryState.HELD ? "HELD" : status.getReason());
            }
        }
    }

    private static NotificationRequested.Builder request(String eventId, Asked ask) {
        return NotificationRequested.newBuilder()
                .setEventId(eventId)
                .setTo(List.of(ask.user))
                .setFrom("ops@example.com")
                .setSubject("Hello")
                .setContent(List.of(new Content("text/plain", "Hello.")))
                .setCategory("service")
                .setSendAt(ask.sendAt)
                .setCancellationKey(ask.cancellationKey)
                .setCollapseKey(ask.collapseKey);
    }

    @Provide
    Arbitrary<List<Step>> plays() {
        Arbitrary<String> user = Arbitraries.of(USERS);
        Arbitrary<String> key = Arbitraries.of("a", "b");
        Arbitrary<Integer> sendIn = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just((Integer) null)),
                Tuple.of(1, Arbitraries.integers().between(-60, -1)),
                Tuple.of(4, Arbitraries.integers().between(1, 120)));
        Arbitrary<Step> step = Arbitraries.frequencyOf(
                Tuple.of(6, Combinators.combine(user, sendIn, key.injectNull(0.5), key.injectNull(0.7)).as(Step.Request::new)),
                Tuple.of(2, Combinators.combine(user, key).as(Step.Cancel::new)),
                Tuple.of(3, Arbitraries.integers().between(1, 45).map(Step.Advance::new)));
        return step.list().ofMinSize(1).ofMaxSize(30);
    }
}
