package io.notify.enricher.intake;

/**
 * Where an event came from, with its original bytes, so that any later step can dead-letter the
 * record exactly as it arrived and a replay tool can re-drive it.
 */
public record Origin(String topic, int partition, long offset, byte[] key, byte[] value) {
}
