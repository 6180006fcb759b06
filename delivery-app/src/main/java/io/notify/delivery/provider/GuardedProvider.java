package io.notify.delivery.provider;

import org.apache.avro.specific.SpecificRecord;

/** A provider path with its own circuit: what a channel pipeline sends through and pauses on. */
public interface GuardedProvider<N extends SpecificRecord> extends ProviderAdapter<N>, ProviderCircuit {}
