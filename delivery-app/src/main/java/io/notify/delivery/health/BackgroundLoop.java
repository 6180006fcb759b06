package io.notify.delivery.health;

/** A thread of the delivery app that must keep running for the app to do its job. */
public interface BackgroundLoop {

    /** Names the loop in probe answers and logs: a topic, or what the loop is for. */
    String name();

    LoopState state();
}
