package io.notify.enricher.recipients;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.notify.schemas.Channel;
import java.util.Locale;
import java.util.Optional;

/** A row of the devices table: one push target of one user. */
public record Device(long id, String userId, String platform, String deviceToken, String invalidatedAt) {

    /** A provider reported the token dead: the device stays in the table but is never targeted. */
    @JsonIgnore
    public boolean isTargetable() {
        return invalidatedAt == null && deviceToken != null && !deviceToken.isBlank() && channel().isPresent();
    }

    @JsonIgnore
    public Optional<Channel> channel() {
        if (platform == null) {
            return Optional.empty();
        }
        return switch (platform.toLowerCase(Locale.ROOT)) {
            case "ios" -> Optional.of(Channel.IOS);
            case "android" -> Optional.of(Channel.ANDROID);
            default -> Optional.empty();
        };
    }
}
