package io.notify.enricher.recipients;

import io.notify.schemas.Channel;
import java.util.List;

/**
 * All devices of one user, ordered by device id so that fan-out order is stable. Built per event
 * from the user's device entries; never stored as one value.
 */
public record UserDevices(List<Device> devices) {

    public static final UserDevices NONE = new UserDevices(List.of());

    public UserDevices {
        devices = devices == null ? List.of() : List.copyOf(devices);
    }

    /** The devices a push on {@code channel} goes to: right platform, token still valid. */
    public List<Device> targets(Channel channel) {
        return devices.stream()
                .filter(Device::isTargetable)
                .filter(d -> d.channel().orElseThrow() == channel)
                .toList();
    }
}
