package io.notify.enricher.recipients;

import org.apache.kafka.streams.kstream.Aggregator;
import org.apache.kafka.streams.kstream.Initializer;

/**
 * Folds device rows into one {@link UserDevices} per user. Kafka Streams calls the subtractor
 * with the old row under the old user whenever a row changes or is deleted, so a device that
 * moves to another user, or is deleted, leaves its previous owner.
 */
public final class DeviceAggregator {

    private DeviceAggregator() {
    }

    public static Initializer<UserDevices> initializer() {
        return () -> UserDevices.NONE;
    }

    public static Aggregator<String, Device, UserDevices> adder() {
        return (userId, device, devices) -> devices.with(device);
    }

    public static Aggregator<String, Device, UserDevices> subtractor() {
        return (userId, device, devices) -> devices.without(device.id());
    }
}
