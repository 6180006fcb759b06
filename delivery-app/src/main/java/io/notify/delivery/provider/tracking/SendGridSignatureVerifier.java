package io.notify.delivery.provider.tracking;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Checks SendGrid's signed Event Webhook: an ECDSA (P-256, SHA-256) signature over the timestamp
 * header followed by the raw body, verified with the Base64 public key from SendGrid's settings.
 */
final class SendGridSignatureVerifier {

    private final PublicKey publicKey;

    SendGridSignatureVerifier(String verificationKeyBase64) {
        try {
            publicKey = KeyFactory.getInstance("EC")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(verificationKeyBase64.strip())));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("sendgrid.webhook.verification.key is not a Base64 EC public key", e);
        }
    }

    boolean verify(String signatureBase64, String timestamp, byte[] body) {
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(publicKey);
            verifier.update(timestamp.getBytes(StandardCharsets.UTF_8));
            verifier.update(body);
            return verifier.verify(Base64.getDecoder().decode(signatureBase64.strip()));
        } catch (GeneralSecurityException | IllegalArgumentException forgedOrGarbled) {
            return false;
        }
    }
}
