package io.notify.enricher.preferences;

import io.notify.schemas.Channel;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Every setting row of one user. Built per event from the user's setting entries, like {@code UserDevices}. */
public record UserSettings(List<NotificationSetting> settings) {

    public static final UserSettings NONE = new UserSettings(List.of());

    public UserSettings {
        settings = settings == null ? List.of() : List.copyOf(settings);
    }

    /** The user's explicit choice for this channel and category, if they made one. */
    public Optional<Boolean> optIn(Channel channel, String category) {
        String channelName = channel.name().toLowerCase(Locale.ROOT);
        return settings.stream()
                .filter(s -> channelName.equalsIgnoreCase(s.channel()) && category.equalsIgnoreCase(s.category()))
                .map(NotificationSetting::optIn)
                .findFirst();
    }
}
