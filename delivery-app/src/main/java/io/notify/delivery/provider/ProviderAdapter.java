package io.notify.delivery.provider;

import io.notify.schemas.Channel;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecord;

/**
 * One delivery provider behind one channel. Adding or removing a provider touches one adapter
 * and its configuration, nothing else.
 */
public interface ProviderAdapter<N extends SpecificRecord> extends AutoCloseable {

    /** Short provider name used in metrics, statuses and reasons: apns, fcm, twilio, sendgrid, smtp. */
    String name();

    Channel channel();

    /** Never throws and never completes exceptionally: every failure is a {@link SendOutcome}. */
    CompletableFuture<SendOutcome> send(N notification);

    @Override
    void close();
}
