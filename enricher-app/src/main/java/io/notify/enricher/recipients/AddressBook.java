package io.notify.enricher.recipients;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.notify.enricher.routing.SuppressionReason;
import io.notify.schemas.Channel;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The addresses of a user on a channel, each validated: push goes to every targetable device of
 * the platform, SMS to the phone number if it is valid E.164, email to the address if its syntax
 * is valid. A user without an address on a channel simply has no target there.
 */
public final class AddressBook {

    /** Pragmatic RFC 5322 subset: one @, no spaces, a dot in the domain, no empty labels. */
    private static final Pattern EMAIL = Pattern.compile(
            "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$");
    private static final Pattern E164 = Pattern.compile("^\\+[1-9]\\d{1,14}$");

    private final PhoneNumberUtil phoneNumbers = PhoneNumberUtil.getInstance();

    public List<Target> targets(Recipient recipient, Channel channel) {
        UserProfile user = recipient.user();
        return switch (channel) {
            case IOS, ANDROID -> recipient.devices().targets(channel).stream()
                    .map(device -> new Target(device.deviceToken(), null))
                    .toList();
            case SMS -> present(user.phoneNumber())
                    ? List.of(new Target(user.phoneNumber(), isE164(user.phoneNumber()) ? null : SuppressionReason.INVALID_RECIPIENT))
                    : List.of();
            case EMAIL -> present(user.email())
                    ? List.of(new Target(user.email(), isEmail(user.email()) ? null : SuppressionReason.INVALID_RECIPIENT))
                    : List.of();
        };
    }

    boolean isEmail(String address) {
        return address.length() <= 254 && EMAIL.matcher(address).matches() && !address.contains("..");
    }

    boolean isE164(String number) {
        if (!E164.matcher(number).matches()) {
            return false;
        }
        try {
            return phoneNumbers.isValidNumber(phoneNumbers.parse(number, null));
        } catch (NumberParseException e) {
            return false;
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
