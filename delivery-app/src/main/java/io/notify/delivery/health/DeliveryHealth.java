package io.notify.delivery.health;

import io.notify.runtime.health.Health;
import io.notify.runtime.health.Verdict;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The delivery app is live while none of its loops is dead (a dead one never comes back, so the
 * process must be restarted) and ready when every one of them runs: each channel and retry
 * consumer in its group, the ledger loaded and followed, the device-feedback sink consuming.
 */
public final class DeliveryHealth implements Health {

    private final Supplier<List<BackgroundLoop>> loops;
    private final BooleanSupplier startedAll;

    /** {@code loops} is asked on every probe: the app adds its loops as it starts them, then says it {@code startedAll}. */
    public DeliveryHealth(Supplier<List<BackgroundLoop>> loops, BooleanSupplier startedAll) {
        this.loops = loops;
        this.startedAll = startedAll;
    }

    @Override
    public Verdict live() {
        Map<String, LoopState> states = states();
        return states.containsValue(LoopState.DEAD) ? Verdict.fail(facts(states)) : Verdict.pass(facts(states));
    }

    @Override
    public Verdict ready() {
        Map<String, LoopState> states = states();
        boolean started = startedAll.getAsBoolean();
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("startedAll", started);
        facts.putAll(facts(states));
        boolean allRunning = states.values().stream().allMatch(LoopState.RUNNING::equals);
        return started && allRunning ? Verdict.pass(facts) : Verdict.fail(facts);
    }

    private Map<String, LoopState> states() {
        Map<String, LoopState> states = new LinkedHashMap<>();
        loops.get().forEach(loop -> states.put(loop.name(), loop.state()));
        return states;
    }

    private static Map<String, Object> facts(Map<String, LoopState> states) {
        return Map.of("loops", states);
    }
}
