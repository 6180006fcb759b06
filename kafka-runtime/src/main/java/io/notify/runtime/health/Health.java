package io.notify.runtime.health;

/** The two probes an orchestrator asks a process of the platform, served as {@code /health/live} and {@code /health/ready}. */
public interface Health {

    /** Fails when the process cannot recover by itself and should be restarted. */
    Verdict live();

    /** Passes only when the process does its whole job: for the enricher, a request sent now is routed with the contact data already committed. */
    Verdict ready();
}
