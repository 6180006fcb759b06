package io.notify.delivery.health;

/** Where one of the delivery app's background loops is. */
public enum LoopState {
    /** Started, not doing its whole job yet: joining its consumer group, or loading the ledger. */
    STARTING,
    /** Doing its job. */
    RUNNING,
    /** Its thread ended (a write to Kafka failed for good, or anything it did not expect): only a restart brings it back. */
    DEAD
}
