package io.notify.enricher.corpus;

/**
 * How many SMS segments a body needs: GSM-7 fits 160 characters in one segment and 153 per
 * segment when concatenated; anything outside the GSM-7 alphabet forces UCS-2, 70 and 67 UTF-16
 * code units. The production code has no such function, so the corpus keeps its own.
 */
final class SmsSegments {

    private static final String GSM7_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    /** Characters of the GSM-7 extension table: each costs two septets (escape + char). */
    private static final String GSM7_EXTENSION = "^{}\\[~]|€\f";

    private SmsSegments() {
    }

    static int count(String body) {
        if (isGsm7(body)) {
            int septets = body.chars().map(c -> GSM7_EXTENSION.indexOf(c) >= 0 ? 2 : 1).sum();
            return segments(septets, 160, 153);
        }
        return segments(body.length(), 70, 67);
    }

    private static boolean isGsm7(String body) {
        return body.chars().allMatch(c -> GSM7_BASIC.indexOf(c) >= 0 || GSM7_EXTENSION.indexOf(c) >= 0);
    }

    private static int segments(int units, int single, int concatenated) {
        if (units <= single) {
            return 1;
        }
        return (units + concatenated - 1) / concatenated;
    }
}
