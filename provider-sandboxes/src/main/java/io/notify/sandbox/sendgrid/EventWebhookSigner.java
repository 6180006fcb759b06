package io.notify.sandbox.sendgrid;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;

/**
 * Signs Event Webhook posts as SendGrid's signed webhook does: ECDSA P-256 with SHA-256 over
 * {@code timestamp + body}, the DER signature Base64-encoded in
 * {@code X-Twilio-Email-Event-Webhook-Signature}, the timestamp in
 * {@code X-Twilio-Email-Event-Webhook-Timestamp}.
 */
public final class EventWebhookSigner {

    public static final String SIGNATURE_HEADER = "X-Twilio-Email-Event-Webhook-Signature";
    public static final String TIMESTAMP_HEADER = "X-Twilio-Email-Event-Webhook-Timestamp";

    /** The headers to send with one signed post. */
    public record SignedHeaders(String signature, String timestamp) {}

    private final KeyPair keys;

    public EventWebhookSigner() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            keys = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is part of every JDK", e);
        }
    }

    /** The verification key as SendGrid shows it: Base64 of the X.509 SubjectPublicKeyInfo. */
    public String verificationKey() {
        return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    }

    public SignedHeaders sign(String body) {
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(keys.getPrivate());
            signer.update((timestamp + body).getBytes(StandardCharsets.UTF_8));
            return new SignedHeaders(Base64.getEncoder().encodeToString(signer.sign()), timestamp);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a webhook body", e);
        }
    }
}
