package io.notify.enricher.query;

import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;

/** Which instance owns a key of a store. */
public interface KeyOwners {

    /** Empty when this instance owns the key. */
    Optional<HostInfo> remoteOwner(String store, String key) throws OwnerUnknownException;

    /**
     * The other instances holding partitions of the store: where to look for a key that is not
     * placed by its own hash (a notification id lives on its user's partition).
     */
    default List<HostInfo> otherInstances(String store) throws OwnerUnknownException {
        return List.of();
    }

    /** No instance owns the key right now: a rebalance or restore is under way. */
    final class OwnerUnknownException extends Exception {
        public OwnerUnknownException(String store) {
            super("no active owner for a key of " + store + " yet");
        }
    }
}
