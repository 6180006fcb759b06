package io.notify.sandbox;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Which faults a sandbox plays: per recipient (always, or for the next n requests) and at a rate
 * for everyone. A recipient rule wins over the rate rule. Thread-safe.
 */
public final class FaultPlan {

    private record RecipientRule(Fault fault, AtomicInteger remaining) {
        boolean unlimited() {
            return remaining == null;
        }
    }

    private record RateRule(double rate, Fault fault) {}

    private final Map<String, RecipientRule> byRecipient = new ConcurrentHashMap<>();
    private final AtomicReference<RateRule> rateRule = new AtomicReference<>();

    /** Every request to this recipient meets the fault until cleared. */
    public FaultPlan forRecipient(String recipient, Fault fault) {
        byRecipient.put(recipient, new RecipientRule(fault, null));
        return this;
    }

    /** The next {@code times} requests to this recipient meet the fault, later ones are answered normally. */
    public FaultPlan forRecipient(String recipient, Fault fault, int times) {
        byRecipient.put(recipient, new RecipientRule(fault, new AtomicInteger(times)));
        return this;
    }

    /** Each request meets the fault with probability {@code rate} (0..1). */
    public FaultPlan atRate(double rate, Fault fault) {
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("rate must be between 0 and 1");
        }
        rateRule.set(new RateRule(rate, fault));
        return this;
    }

    public void clear() {
        byRecipient.clear();
        rateRule.set(null);
    }

    /** The fault the next request to {@code recipient} meets, if any; consumes a limited rule. */
    public Optional<Fault> next(String recipient) {
        RecipientRule rule = recipient == null ? null : byRecipient.get(recipient);
        if (rule != null) {
            if (rule.unlimited() || rule.remaining().getAndDecrement() > 0) {
                return Optional.of(rule.fault());
            }
            byRecipient.remove(recipient, rule);
        }
        RateRule rate = rateRule.get();
        if (rate != null && ThreadLocalRandom.current().nextDouble() < rate.rate()) {
            return Optional.of(rate.fault());
        }
        return Optional.empty();
    }
}
