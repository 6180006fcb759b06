package io.notify.stack.process;

import java.time.Duration;
import java.time.Instant;

/** Polls a server until it answers, and when it does not, says why with the end of its log. */
public final class Readiness {

    /** One look at the server; an exception means "not yet", except an IllegalStateException, which means "never". */
    @FunctionalInterface
    public interface Check {
        boolean ready() throws Exception;
    }

    private Readiness() {
    }

    public static void await(ChildProcess process, String server, Duration timeout, Check check) {
        Instant deadline = Instant.now().plus(timeout);
        Exception last = null;
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(server + " exited during start-up; its log (" + process.log()
                        + ") ends with:\n" + process.logTail(30));
            }
            try {
                if (check.ready()) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + server, e);
            } catch (IllegalStateException never) {
                throw never;
            } catch (Exception notYet) {
                last = notYet;
            }
            if (Instant.now().isAfter(deadline)) {
                // The last answer first: a report shows the message, and the cause only in full.
                throw new IllegalStateException(server + " was not ready within " + timeout.toSeconds() + " s; last answer: "
                        + (last == null ? "none" : last.getMessage()) + "; its log (" + process.log() + ") ends with:\n"
                        + process.logTail(30), last);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + server, e);
            }
        }
    }
}
