package io.notify.delivery.corpus;

import static io.notify.delivery.provider.SampleNotifications.android;
import static io.notify.delivery.provider.SampleNotifications.deviceToken;
import static io.notify.delivery.provider.SampleNotifications.email;
import static io.notify.delivery.provider.SampleNotifications.emailAddress;
import static io.notify.delivery.provider.SampleNotifications.ios;
import static io.notify.delivery.provider.SampleNotifications.phoneNumber;
import static io.notify.delivery.provider.SampleNotifications.sms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.notify.delivery.provider.SendOutcome;
import io.notify.delivery.provider.apns.ApnsAdapter;
import io.notify.delivery.provider.apns.ApnsSettings;
import io.notify.delivery.provider.email.SendGridEmailAdapter;
import io.notify.delivery.provider.email.SendGridSettings;
import io.notify.delivery.provider.fcm.FcmAdapter;
import io.notify.delivery.provider.fcm.FcmSettings;
import io.notify.delivery.provider.sms.TwilioSettings;
import io.notify.delivery.provider.sms.TwilioSmsAdapter;
import io.notify.runtime.config.ConfigSource;
import io.notify.sandbox.Fault;
import io.notify.sandbox.FaultPlan;
import io.notify.sandbox.Sandboxes;
import io.notify.sandbox.apns.ApnsSandbox;
import io.notify.sandbox.fcm.FcmSandbox;
import io.notify.sandbox.sendgrid.SendGridSandbox;
import io.notify.sandbox.twilio.TwilioSandbox;
import io.notify.schemas.IosPushNotification;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The APNs, FCM, Twilio and SendGrid sandboxes, and the real SDK adapters pointed at them, with per-case
 * configuration overrides. Two overrides stand for credentials from elsewhere:
 * {@code @foreign-signing-key} (an APNs key of another team) and {@code @foreign-ca} (a CA that
 * did not sign the APNs server's certificate).
 */
final class SandboxedProviders implements AutoCloseable {

    static final JsonNode NO_OVERRIDES = JsonNodeFactory.instance.objectNode();

    private final ApnsSandbox apns = new ApnsSandbox().start();
    private final FcmSandbox fcm = new FcmSandbox().start();
    private final TwilioSandbox twilio = new TwilioSandbox().start();
    private final SendGridSandbox sendGrid = new SendGridSandbox().start();
    private final ApnsSandbox foreign = new ApnsSandbox();
    /** Adapters with the sandbox's own settings, shared: an APNs client costs seconds to close. */
    private final ApnsAdapter healthyApns = new ApnsAdapter(ApnsSettings.from(ConfigSource.of(apnsConfig(NO_OVERRIDES))));
    private final FcmAdapter healthyFcm = new FcmAdapter(FcmSettings.from(ConfigSource.of(fcmConfig(NO_OVERRIDES))));
    private final TwilioSmsAdapter healthyTwilio = new TwilioSmsAdapter(TwilioSettings.from(ConfigSource.of(twilioConfig(NO_OVERRIDES))));
    private final SendGridEmailAdapter healthySendGrid = new SendGridEmailAdapter(SendGridSettings.from(ConfigSource.of(sendGridConfig(NO_OVERRIDES))));

    /** A recipient no earlier send used, so a fault armed for it touches this send only. */
    static String freshRecipient(String provider) {
        return switch (provider) {
            case "apns" -> deviceToken();
            case "fcm" -> "fcm-" + UUID.randomUUID();
            case "twilio" -> phoneNumber();
            case "sendgrid" -> emailAddress();
            default -> throw new IllegalArgumentException("unknown provider " + provider);
        };
    }

    /** Sends one notification to {@code recipient}, after arming {@code fault} (if any) for it. */
    SendOutcome send(String provider, String recipient, JsonNode overrides, Fault fault, int bodyChars) {
        return switch (provider) {
            case "apns" -> sendApns(recipient, overrides, fault, bodyChars);
            case "fcm" -> sendFcm(recipient, overrides, fault);
            case "twilio" -> sendTwilio(recipient, overrides, fault);
            case "sendgrid" -> sendSendGrid(recipient, overrides, fault);
            default -> throw new IllegalArgumentException("unknown provider " + provider);
        };
    }

    private SendOutcome sendApns(String token, JsonNode overrides, Fault fault, int bodyChars) {
        arm(apns.faults(), token, fault);
        IosPushNotification push = ios(token);
        if (bodyChars > 0) {
            push.setBody("x".repeat(bodyChars));
        }
        if (overrides.isEmpty()) {
            return healthyApns.send(push).join();
        }
        try (ApnsAdapter adapter = new ApnsAdapter(ApnsSettings.from(ConfigSource.of(apnsConfig(overrides))))) {
            return adapter.send(push).join();
        }
    }

    private SendOutcome sendFcm(String token, JsonNode overrides, Fault fault) {
        arm(fcm.faults(), token, fault);
        if (overrides.isEmpty()) {
            return healthyFcm.send(android(token)).join();
        }
        try (FcmAdapter adapter = new FcmAdapter(FcmSettings.from(ConfigSource.of(fcmConfig(overrides))))) {
            return adapter.send(android(token)).join();
        }
    }

    private SendOutcome sendTwilio(String number, JsonNode overrides, Fault fault) {
        arm(twilio.faults(), number, fault);
        if (overrides.isEmpty()) {
            return healthyTwilio.send(sms(number)).join();
        }
        try (TwilioSmsAdapter adapter = new TwilioSmsAdapter(TwilioSettings.from(ConfigSource.of(twilioConfig(overrides))))) {
            return adapter.send(sms(number)).join();
        }
    }

    private SendOutcome sendSendGrid(String address, JsonNode overrides, Fault fault) {
        arm(sendGrid.faults(), address, fault);
        if (overrides.isEmpty()) {
            return healthySendGrid.send(email(address)).join();
        }
        try (SendGridEmailAdapter adapter = new SendGridEmailAdapter(SendGridSettings.from(ConfigSource.of(sendGridConfig(overrides))))) {
            return adapter.send(email(address)).join();
        }
    }

    private static void arm(FaultPlan plan, String recipient, Fault fault) {
        if (fault != null) {
            plan.forRecipient(recipient, fault);
        }
    }

    Map<String, String> apnsConfig(JsonNode overrides) {
        Map<String, String> config = new HashMap<>();
        config.put("apns.endpoint", apns.host() + ":" + apns.port());
        config.put("apns.trusted.certificate.file", apns.caCertificateFile().toString());
        config.put("apns.key.file", apns.signingKeyFile().toString());
        config.put("apns.key.id", apns.keyId());
        config.put("apns.team.id", apns.teamId());
        config.put("apns.topic", apns.topic());
        return withOverrides(config, overrides);
    }

    Map<String, String> fcmConfig(JsonNode overrides) {
        Map<String, String> config = new HashMap<>();
        config.put("fcm.endpoint", fcm.baseUrl());
        config.put("fcm.project.id", fcm.projectId());
        config.put("fcm.access.token", fcm.accessToken());
        return withOverrides(config, overrides);
    }

    Map<String, String> twilioConfig(JsonNode overrides) {
        Map<String, String> config = new HashMap<>();
        config.put("twilio.endpoint", twilio.baseUrl());
        config.put("twilio.account.sid", twilio.accountSid());
        config.put("twilio.auth.token", twilio.authToken());
        config.put("twilio.from", Sandboxes.TWILIO_FROM);
        return withOverrides(config, overrides);
    }

    Map<String, String> sendGridConfig(JsonNode overrides) {
        Map<String, String> config = new HashMap<>();
        config.put("sendgrid.endpoint", sendGrid.baseUrl());
        config.put("sendgrid.api.key", sendGrid.apiKey());
        return withOverrides(config, overrides);
    }

    private Map<String, String> withOverrides(Map<String, String> config, JsonNode overrides) {
        overrides.fields().forEachRemaining(entry -> config.put(entry.getKey(), resolve(entry.getValue().asText())));
        return config;
    }

    private String resolve(String value) {
        return switch (value) {
            case "@foreign-signing-key" -> foreign.signingKeyFile().toString();
            case "@foreign-ca" -> foreign.caCertificateFile().toString();
            default -> value;
        };
    }

    @Override
    public void close() {
        healthyApns.close();
        healthyFcm.close();
        healthyTwilio.close();
        healthySendGrid.close();
        apns.close();
        fcm.close();
        twilio.close();
        sendGrid.close();
    }
}
