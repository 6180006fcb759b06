package io.notify.enricher.query;

import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;

/** Which instance owns a key of a store. */
public interface KeyOwners {

    /** Empty when this instance owns the key. */
    Optional<HostInfo> remoteOwner(String store, String key) throws OwnerUnknownException;

    /** No instance owns the key right now: a rebalance or restore is under way. */
    final class OwnerUnknownException extends Exception {
        public OwnerUnknownException(String store) {
            super("no active owner for a key of " + store + " yet");
        }
    }
}
