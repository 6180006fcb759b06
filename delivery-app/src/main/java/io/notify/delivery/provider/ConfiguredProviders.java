package io.notify.delivery.provider;

import io.notify.delivery.provider.apns.ApnsAdapter;
import io.notify.delivery.provider.apns.ApnsSettings;
import io.notify.delivery.provider.email.FallbackEmailProvider;
import io.notify.delivery.provider.email.SendGridEmailAdapter;
import io.notify.delivery.provider.email.SendGridSettings;
import io.notify.delivery.provider.email.SmtpEmailAdapter;
import io.notify.delivery.provider.email.SmtpSettings;
import io.notify.delivery.provider.fcm.FcmAdapter;
import io.notify.delivery.provider.fcm.FcmSettings;
import io.notify.delivery.provider.resilience.ResilienceSettings;
import io.notify.delivery.provider.resilience.ResilientProvider;
import io.notify.delivery.provider.sms.TwilioSettings;
import io.notify.delivery.provider.sms.TwilioSmsAdapter;
import io.notify.runtime.config.ConfigSource;
import io.notify.schemas.Channel;
import io.notify.schemas.EmailNotification;
import java.util.EnumMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider for each channel whose settings are present, each behind its own circuit breaker
 * and rate limiter: APNs when {@code apns.key.id} is set, FCM when {@code fcm.project.id} is,
 * Twilio when {@code twilio.account.sid} is, SendGrid when {@code sendgrid.api.key} is (with SMTP
 * as fallback when {@code smtp.host} is also set). A channel without settings has no provider,
 * so adding or dropping a provider is a configuration change.
 */
public final class ConfiguredProviders {

    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredProviders.class);

    private ConfiguredProviders() {}

    public static Map<Channel, GuardedProvider<?>> fromConfig(ConfigSource config) {
        Map<Channel, GuardedProvider<?>> providers = new EnumMap<>(Channel.class);
        logTargets(config);
        if (config.find("apns.key.id").isPresent()) {
            providers.put(Channel.IOS, guarded(new ApnsAdapter(ApnsSettings.from(config)), config));
        }
        if (config.find("fcm.project.id").isPresent()) {
            providers.put(Channel.ANDROID, guarded(new FcmAdapter(FcmSettings.from(config)), config));
        }
        if (config.find("twilio.account.sid").isPresent()) {
            providers.put(Channel.SMS, guarded(new TwilioSmsAdapter(TwilioSettings.from(config)), config));
        }
        if (config.secret("sendgrid.api.key").isPresent()) {
            providers.put(Channel.EMAIL, email(config));
        }
        return providers;
    }

    /**
     * Says at start-up where each configured provider's requests go: a sandbox (an endpoint
     * override is set) or the provider itself. An operator must never have to guess.
     */
    private static void logTargets(ConfigSource config) {
        Map<String, String> configuredBy = Map.of("apns", "apns.key.id", "fcm", "fcm.project.id",
                "twilio", "twilio.account.sid", "sendgrid", "sendgrid.api.key", "smtp", "smtp.host");
        configuredBy.forEach((provider, key) -> {
            if (config.find(key).isEmpty() && config.secret(key).isEmpty()) {
                LOG.info("{}: not configured ({} unset), its channel is not consumed", provider, key);
            } else if (!provider.equals("smtp")) {
                config.find(provider + ".endpoint").ifPresentOrElse(
                        endpoint -> LOG.warn("{}: SANDBOX at {} ({}.endpoint is set)", provider, endpoint, provider),
                        () -> LOG.info("{}: the real provider (no {}.endpoint override)", provider, provider));
            }
        });
    }

    private static GuardedProvider<EmailNotification> email(ConfigSource config) {
        ResilientProvider<EmailNotification> sendGrid = guarded(new SendGridEmailAdapter(SendGridSettings.from(config)), config);
        if (config.find("smtp.host").isEmpty()) {
            return sendGrid;
        }
        return new FallbackEmailProvider(sendGrid, guarded(new SmtpEmailAdapter(SmtpSettings.from(config)), config));
    }

    private static <N extends SpecificRecord> ResilientProvider<N> guarded(ProviderAdapter<N> adapter, ConfigSource config) {
        return new ResilientProvider<>(adapter, ResilienceSettings.from(config, adapter.name()));
    }
}
