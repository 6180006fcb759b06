package io.notify.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FaultPlanTest {

    @Test
    void shouldPlayALimitedRecipientFaultOnlyTheGivenNumberOfTimes() {
        FaultPlan plan = new FaultPlan().forRecipient("r", Fault.unavailable(), 2);

        assertThat(IntStream.range(0, 3).mapToObj(i -> plan.next("r").isPresent()).toList()).containsExactly(true, true, false);
    }

    @Test
    void shouldPreferTheRecipientRuleOverTheRateRule() {
        FaultPlan plan = new FaultPlan().atRate(1.0, Fault.internalError()).forRecipient("r", Fault.unregistered());

        assertThat(plan.next("r")).contains(Fault.unregistered());
        assertThat(plan.next("other")).contains(Fault.internalError());
    }

    @Test
    void shouldPlayNothingOnceCleared() {
        FaultPlan plan = new FaultPlan().atRate(1.0, Fault.internalError()).forRecipient("r", Fault.unregistered());

        plan.clear();

        assertThat(plan.next("r")).isEmpty();
    }
}
