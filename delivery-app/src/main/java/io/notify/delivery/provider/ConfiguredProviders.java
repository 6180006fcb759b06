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

/**
 * The provider for each channel whose settings are present, each behind its own circuit breaker
 * and rate limiter: APNs when {@code apns.key.id} is set, FCM when {@code fcm.project.id} is,
 * Twilio when {@code twilio.account.sid} is, SendGrid when {@code sendgrid.api.key} is (with SMTP
 * as fallback when {@code smtp.host} is also set). A channel without settings has no provider,
 * so adding or dropping a provider is a configuration change.
 */
public final class ConfiguredProviders {

    private ConfiguredProviders() {}

    public static Map<Channel, GuardedProvider<?>> fromConfig(ConfigSource config) {
        Map<Channel, GuardedProvider<?>> providers = new EnumMap<>(Channel.class);
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
