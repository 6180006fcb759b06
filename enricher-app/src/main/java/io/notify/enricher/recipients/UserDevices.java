package io.notify.enricher.recipients;

import io.notify.schemas.Channel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * All devices of one user, ordered by device id so that fan-out order is stable. Immutable: the
 * aggregator returns a new value instead of mutating the one the store handed it.
 */
public record UserDevices(List<Device> devices) {

    public static final UserDevices NONE = new UserDevices(List.of());

    public UserDevices {
        devices = devices == null ? List.of() : List.copyOf(devices);
    }

    public UserDevices with(Device device) {
        List<Device> next = new ArrayList<>(without(device.id()).devices());
        next.add(device);
        next.sort(Comparator.comparingLong(Device::id));
        return new UserDevices(next);
    }

    public UserDevices without(long deviceId) {
        return new UserDevices(devices.stream().filter(d -> d.id() != deviceId).toList());
    }

    /** The devices a push on {@code channel} goes to: right platform, token still valid. */
    public List<Device> targets(Channel channel) {
        return devices.stream()
                .filter(Device::isTargetable)
                .filter(d -> d.channel().orElseThrow() == channel)
                .toList();
    }
}
