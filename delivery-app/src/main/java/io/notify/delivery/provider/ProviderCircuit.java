package io.notify.delivery.provider;

/**
 * A provider path whose health the consumer can ask before polling: while it is open, sending
 * would only fail fast, so the channel's consumption pauses instead of spinning.
 */
public interface ProviderCircuit {

    boolean isOpen();

    /** Called on every state change (from any thread), so a paused consumer can resume promptly. */
    void onStateChange(Runnable listener);
}
