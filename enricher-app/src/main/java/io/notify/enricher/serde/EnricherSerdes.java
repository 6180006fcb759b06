package io.notify.enricher.serde;

import io.notify.schemas.AndroidPushNotification;
import io.notify.schemas.EmailNotification;
import io.notify.schemas.IosPushNotification;
import io.notify.schemas.NotificationRequested;
import io.notify.schemas.NotificationStatus;
import io.notify.schemas.SmsNotification;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * The Avro serdes of the public contract topics. Injected into the topology so that production
 * binds them to the schema registry and {@code TopologyTestDriver} tests to an in-memory one.
 * Keys are always plain strings and internal values JSON; neither goes through the registry.
 */
public interface EnricherSerdes {

    /** Domain events of unknown types on {@code events.*}. */
    Serde<GenericRecord> events();

    Serde<NotificationRequested> requests();

    Serde<IosPushNotification> ios();

    Serde<AndroidPushNotification> android();

    Serde<SmsNotification> sms();

    Serde<EmailNotification> email();

    Serde<NotificationStatus> status();
}
