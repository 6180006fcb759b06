package io.notify.delivery.health;

import java.util.List;

/**
 * Kills threads of this JVM by name with an error no code path of theirs expects, the way an
 * {@code OutOfMemoryError} or a bug in a library would end them. {@code Thread.stop} is the only
 * way to end a thread from outside; it still works on Java 17, which the platform targets.
 */
final class LoopKiller {

    private LoopKiller() {
    }

    /** The threads of the loop, found by the name each loop gives its thread. */
    static List<Thread> threadsNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.getName().equals(name)).toList();
    }

    @SuppressWarnings({"deprecation", "removal"})
    static int kill(String threadName) {
        List<Thread> threads = threadsNamed(threadName);
        threads.forEach(Thread::stop);
        return threads.size();
    }
}
