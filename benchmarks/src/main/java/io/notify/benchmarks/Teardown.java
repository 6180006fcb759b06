package io.notify.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** Closes what a benchmark started, newest first, once: at the end, on failure, or on Ctrl-C. */
final class Teardown {

    private final List<AutoCloseable> started = new ArrayList<>();
    private final AtomicBoolean done = new AtomicBoolean();

    synchronized <T extends AutoCloseable> T add(T resource) {
        started.add(0, resource);
        return resource;
    }

    synchronized void run() {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        for (AutoCloseable resource : started) {
            try {
                resource.close();
            } catch (Exception e) {
                System.err.println("could not stop " + resource.getClass().getSimpleName() + ": " + e);
            }
        }
    }
}
