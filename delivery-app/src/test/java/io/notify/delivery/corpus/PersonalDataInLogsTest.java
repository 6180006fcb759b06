package io.notify.delivery.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notify.delivery.provider.SendOutcome;
import io.notify.sandbox.Fault;
import io.notify.stack.logging.LogCapture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The provider adapters' log output never carries the recipient's phone number, email address or
 * device token, whether the send succeeds or the provider refuses it (refusals often quote the
 * recipient in their error message).
 */
class PersonalDataInLogsTest {

    private static final String CAPTURE_PROBE = "log capture probe";
    private static final String PHONE = "+15557731773";
    private static final String INVALID_PHONE = "7731-not-e164";
    private static final String EMAIL = "canary.mailbox.7731@example.org";
    private static final String REFUSED_EMAIL = "refused.canary.7731@example.org";
    private static final String TOKEN = "c0ffee7731c0ffee7731c0ffee7731c0ffee7731c0ffee7731c0ffee7731beef";
    private static final String REFUSED_TOKEN = "badd0c7731badd0c7731badd0c7731badd0c7731badd0c7731badd0c7731beef";

    @Test
    void shouldKeepRecipientsOutOfTheLogsOnSuccessAndOnRefusal() {
        List<SendOutcome> outcomes = new ArrayList<>();
        List<String> lines;
        try (SandboxedProviders providers = new SandboxedProviders(); LogCapture capture = new LogCapture()) {
            JsonNode none = SandboxedProviders.NO_OVERRIDES;
            JsonNode wrongToken = new ObjectMapper().valueToTree(Map.of("twilio.auth.token", "wrong"));
            LoggerFactory.getLogger(PersonalDataInLogsTest.class).debug(CAPTURE_PROBE);
            outcomes.add(providers.send("twilio", PHONE, none, null, 0));
            outcomes.add(providers.send("twilio", INVALID_PHONE, none, null, 0));
            outcomes.add(providers.send("twilio", PHONE, wrongToken, null, 0));
            outcomes.add(providers.send("sendgrid", EMAIL, none, null, 0));
            outcomes.add(providers.send("sendgrid", REFUSED_EMAIL, none, Fault.invalidRecipient(), 0));
            outcomes.add(providers.send("apns", TOKEN, none, null, 0));
            outcomes.add(providers.send("apns", REFUSED_TOKEN, none, Fault.invalidRecipient(), 0));
            lines = capture.lines();
        }

        assertThat(outcomes).extracting(outcome -> outcome.getClass().getSimpleName())
                .containsExactly("Sent", "RecipientInvalid", "ProviderRejectedCredentials", "Sent", "RecipientInvalid", "Sent", "RecipientInvalid");
        assertThat(lines).as("the capture sees the project's debug lines").anyMatch(line -> line.contains(CAPTURE_PROBE));
        assertThat(lines).noneMatch(line -> line.contains(PHONE) || line.contains("5557731773") || line.contains(INVALID_PHONE)
                || line.contains(EMAIL) || line.contains(REFUSED_EMAIL) || line.contains(TOKEN) || line.contains(REFUSED_TOKEN));
    }
}
