package io.notify.enricher.health;

/** The two probes an orchestrator asks an enricher instance. */
public interface Health {

    /** Fails when the instance cannot recover by itself and should be restarted. */
    Verdict live();

    /** Passes only when a request sent now would be routed with the contact data already written to the user database. */
    Verdict ready();
}
