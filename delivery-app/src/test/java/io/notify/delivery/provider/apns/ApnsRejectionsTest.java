package io.notify.delivery.provider.apns;

import static org.assertj.core.api.Assertions.assertThat;

import io.notify.delivery.provider.SendOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The provider-token reasons the sandbox cannot produce (it only refuses a foreign key: see the corpus). */
class ApnsRejectionsTest {

    @ParameterizedTest
    @ValueSource(strings = {"InvalidProviderToken", "ExpiredProviderToken", "MissingProviderToken"})
    void shouldReportARefusedProviderTokenAsRefusedCredentials(String reason) {
        assertThat(ApnsRejections.classify(403, reason)).isEqualTo(new SendOutcome.ProviderRejectedCredentials("apns:" + reason));
    }

    @Test
    void shouldRetryWhenApnsThrottlesTokenUpdates() {
        assertThat(ApnsRejections.classify(429, "TooManyProviderTokenUpdates"))
                .isEqualTo(new SendOutcome.Retryable("apns:TooManyProviderTokenUpdates"));
    }
}
