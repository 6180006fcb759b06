package io.notify.enricher.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import io.notify.enricher.support.Channels;
import io.notify.enricher.support.EnricherHarness;
import io.notify.stack.logging.LogCapture;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The enricher's log output never carries an email address, a phone number or a device token. */
class PersonalDataInLogsTest {

    private static final String EMAIL = "canary.mailbox.7731@example.org";
    private static final String PHONE = "+442071838750";
    private static final String TOKEN = "c0ffee7731c0ffee7731c0ffee7731c0ffee7731c0ffee7731c0ffee7731beef";
    private static final String BROKEN_EMAIL = "canary-no-domain-7731@";
    private static final String CORRUPT_ROW_EMAIL = "corrupt.canary.7731@example.org";

    @Test
    void shouldKeepEmailsPhoneNumbersAndTokensOutOfTheLogs() {
        List<String> lines;
        try (LogCapture capture = new LogCapture(); EnricherHarness enricher = EnricherHarness.start()) {
            enricher.user("u-1", EMAIL, PHONE, "en");
            enricher.device(1, "u-1", "ios", TOKEN);
            enricher.user("u-2", BROKEN_EMAIL, "+1234", "en");
            Channels.orderShippedTemplates(enricher, 1, "en", "shipping");
            enricher.users.pipeInput("u-3", "{\"id\":\"u-3\",\"email\":\"" + CORRUPT_ROW_EMAIL + "\",");

            enricher.ship("e-1", "u-1");
            enricher.ship("e-2", "u-2");
            enricher.ship("e-3", "u-404");

            assertThat(enricher.email.readValuesToList()).extracting(email -> email.getToAddress()).containsExactly(EMAIL);
            assertThat(enricher.sms.readValuesToList()).hasSize(1);
            lines = capture.lines();
        }

        assertThat(lines).as("the scenario logs something (the corrupt CDC row), else the scan proves nothing").isNotEmpty();
        assertThat(lines).noneMatch(line -> line.contains(EMAIL) || line.contains(PHONE) || line.contains(TOKEN)
                || line.contains(BROKEN_EMAIL) || line.contains(CORRUPT_ROW_EMAIL) || line.contains("2071838750"));
    }
}
