package io.notify.delivery.provider.email;

import io.notify.runtime.config.ConfigSource;
import java.time.Duration;
import java.util.Optional;

/** SMTP relay for the fallback email path. {@code smtp.password} is a secret ({@code smtp.password.file}). */
public record SmtpSettings(
        String host, int port, Optional<String> username, Optional<String> password, boolean startTls,
        Duration timeout, int threads) {

    public static SmtpSettings from(ConfigSource config) {
        return new SmtpSettings(
                config.string("smtp.host", "localhost"),
                config.integer("smtp.port", 25),
                config.find("smtp.username"),
                config.secret("smtp.password"),
                config.bool("smtp.starttls", false),
                config.duration("smtp.timeout", Duration.ofSeconds(10)),
                config.integer("smtp.threads", 4));
    }
}
