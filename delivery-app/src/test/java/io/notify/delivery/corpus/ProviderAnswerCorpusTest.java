package io.notify.delivery.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.notify.delivery.provider.SendOutcome;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every case of {@code corpus/delivery} through the real SDK adapter against its sandbox and
 * asserts the {@link SendOutcome} class and reason; after each, a healthy send on the same
 * provider must still be accepted.
 */
class ProviderAnswerCorpusTest {

    private static SandboxedProviders providers;

    @BeforeAll
    static void startSandboxes() {
        providers = new SandboxedProviders();
    }

    @AfterAll
    static void stopSandboxes() {
        providers.close();
    }

    static List<ProviderAnswerCase> cases() {
        return ProviderAnswerCase.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldClassifyTheProviderAnswerAsDeclared(ProviderAnswerCase answer) {
        SendOutcome outcome = providers.send(answer.provider(), SandboxedProviders.freshRecipient(answer.provider()), answer.config(),
                answer.fault().isMissingNode() ? null : SandboxFaults.of(answer.fault()), answer.bodyChars());

        JsonNode expected = answer.expected();
        assertThat(outcome.getClass().getSimpleName()).as("outcome of %s", outcome).isEqualTo(expected.path("outcome").asText());
        assertThat(reason(outcome)).isEqualTo(expected.path("reason").asText());
        if (expected.has("retryAfterSeconds")) {
            assertThat(((SendOutcome.Retryable) outcome).retryAfter()).contains(Duration.ofSeconds(expected.get("retryAfterSeconds").asLong()));
        }
        assertThat(providers.send(answer.provider(),
                SandboxedProviders.freshRecipient(answer.provider()), SandboxedProviders.NO_OVERRIDES, null, 0)).as("a healthy send afterwards")
                .isInstanceOf(SendOutcome.Sent.class);
    }

    private static String reason(SendOutcome outcome) {
        if (outcome instanceof SendOutcome.Retryable retryable) {
            return retryable.reason();
        }
        if (outcome instanceof SendOutcome.Permanent permanent) {
            return permanent.reason();
        }
        if (outcome instanceof SendOutcome.ProviderRejectedCredentials rejected) {
            return rejected.reason();
        }
        return outcome instanceof SendOutcome.RecipientInvalid invalid ? invalid.reason() : "";
    }
}
