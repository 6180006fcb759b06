package io.notify.sandbox;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the running sandboxes listen and the credentials the real clients need to reach them.
 * {@link #asConfig()} gives them under the delivery app's configuration keys.
 */
public record SandboxEndpoints(
        String apnsHost, int apnsPort, Path apnsCaCertificateFile, Path apnsSigningKeyFile,
        String apnsTeamId, String apnsKeyId, String apnsTopic, String apnsControlUrl,
        String fcmUrl, String fcmProjectId, String fcmAccessToken,
        String twilioUrl, String twilioAccountSid, String twilioAuthToken, String twilioFrom,
        String sendGridUrl, String sendGridApiKey, String sendGridWebhookVerificationKey,
        String smtpHost, int smtpPort) {

    /** Settings for the delivery app, keyed like its configuration (secrets inline: sandbox only). */
    public Map<String, String> asConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("apns.endpoint", apnsHost + ":" + apnsPort);
        config.put("apns.trusted.certificate.file", apnsCaCertificateFile.toString());
        config.put("apns.key.file", apnsSigningKeyFile.toString());
        config.put("apns.team.id", apnsTeamId);
        config.put("apns.key.id", apnsKeyId);
        config.put("apns.topic", apnsTopic);
        config.put("fcm.endpoint", fcmUrl);
        config.put("fcm.project.id", fcmProjectId);
        config.put("fcm.access.token", fcmAccessToken);
        config.put("twilio.endpoint", twilioUrl);
        config.put("twilio.account.sid", twilioAccountSid);
        config.put("twilio.auth.token", twilioAuthToken);
        config.put("twilio.from", twilioFrom);
        config.put("sendgrid.endpoint", sendGridUrl);
        config.put("sendgrid.api.key", sendGridApiKey);
        config.put("sendgrid.webhook.verification.key", sendGridWebhookVerificationKey);
        config.put("smtp.host", smtpHost);
        config.put("smtp.port", Integer.toString(smtpPort));
        return config;
    }
}
