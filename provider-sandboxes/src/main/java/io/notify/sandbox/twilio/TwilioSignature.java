package io.notify.sandbox.twilio;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a webhook the way Twilio documents for {@code X-Twilio-Signature}: HMAC-SHA1 with the
 * auth token over the full URL followed by every POST field name and value, sorted by name,
 * Base64-encoded.
 */
public final class TwilioSignature {

    private final String authToken;

    public TwilioSignature(String authToken) {
        this.authToken = authToken;
    }

    public String sign(String url, Map<String, String> formFields) {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(formFields).forEach((name, value) -> data.append(name).append(value));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }
}
