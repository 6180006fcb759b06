package io.notify.enricher.recipients;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressBookTest {

    private final AddressBook addresses = new AddressBook();

    @ParameterizedTest
    @ValueSource(strings = {"+41446681800", "+14155552671", "+447911123456"})
    void shouldAcceptValidE164Numbers(String number) {
        assertThat(addresses.isE164(number)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0446681800", "+41 44 668 18 00", "+1415", "+999999999999", "phone"})
    void shouldRejectNumbersThatAreNotValidE164(String number) {
        assertThat(addresses.isE164(number)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ada@example.com", "a.b+tag@mail.example.co.uk"})
    void shouldAcceptWellFormedEmailAddresses(String address) {
        assertThat(addresses.isEmail(address)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ada", "ada@", "@example.com", "ada@example", "a da@example.com", "ada@@example.com", "ada..b@example.com"})
    void shouldRejectMalformedEmailAddresses(String address) {
        assertThat(addresses.isEmail(address)).isFalse();
    }
}
