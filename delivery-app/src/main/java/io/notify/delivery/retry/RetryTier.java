package io.notify.delivery.retry;

import java.time.Duration;
import java.util.Objects;

/** One backoff step: records wait {@code delay} on topic {@code notify.<channel>.retry.<name>}. */
public record RetryTier(String name, Duration delay) {

    public RetryTier {
        Objects.requireNonNull(name, "name");
        if (delay.isNegative() || delay.isZero()) {
            throw new IllegalArgumentException("retry tier " + name + " needs a positive delay");
        }
    }

    /** Reads {@code 500ms}, {@code 5s}, {@code 1m} or {@code 2h}; the text is also the tier's topic suffix. */
    public static RetryTier parse(String text) {
        String value = text.strip();
        String[][] units = {{"ms", "1"}, {"s", "1000"}, {"m", "60000"}, {"h", "3600000"}};
        for (String[] unit : units) {
            if (value.endsWith(unit[0])) {
                String number = value.substring(0, value.length() - unit[0].length());
                if (!number.isEmpty() && number.chars().allMatch(Character::isDigit)) {
                    return new RetryTier(value, Duration.ofMillis(Long.parseLong(number) * Long.parseLong(unit[1])));
                }
            }
        }
        throw new IllegalArgumentException("retry tier '" + text + "' is not a number followed by ms, s, m or h");
    }
}
